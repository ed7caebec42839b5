"""Keeping the search index in step with what citizens can see.

Only what citizens read is indexed: each guide's current version and its steps,
law paragraphs as in force today, and live local variations of published steps. Each
function rebuilds the entries of one thing; ``rebuild`` does all.

Each thing has an entry per language, as its page in that language shows it, and a
search lists the entries of the page's language. An entry's words are those of both
languages, so a query in either finds it: 滞纳金 finds the English guide, "late fee" the
Chinese one. Whatever language was active when the indexing ran (an editor's, after a
save in the admin), each entry is built in its own.
"""

import re
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext, pgettext

from answers.tools import TOOLS
from guides import tree
from guides.models import GuideVersion, VersionCitation
from guides.placeholders import as_words
from laws.models import Paragraph, Wording
from local.localize import as_published
from local.models import GUIDE_CHANGES, REGION_ITEMS, Figure, Service
from search.models import Entry, Term
from search.text import terms

LATIN_WORD = re.compile(r"[a-z]{3,60}")  # a word a misspelling may be of


def in_each_language(build: Callable[[], list[Entry]]) -> list[Entry]:
    """The entries `build` makes, made in each language; the entries of one thing share
    their words, so that either language's words find each."""
    made: dict[str, list[Entry]] = {}
    for code in tree.LANGUAGES:
        with translation.override(code):  # a new override each time: threads keep theirs
            made[code] = build()
    by_thing: dict[str, list[Entry]] = {}
    for code, entries in made.items():
        for entry in entries:
            entry.language = code
            by_thing.setdefault(entry.key, []).append(entry)
    for same in by_thing.values():
        title_terms = " ".join(dict.fromkeys(entry.title_terms for entry in same))
        body_terms = " ".join(dict.fromkeys(entry.body_terms for entry in same))
        for entry in same:
            entry.title_terms, entry.body_terms = title_terms, body_terms
            entry.key = language_key(entry.key, entry.language)
    return [entry for entries in made.values() for entry in entries]


def language_key(key: str, code: str) -> str:
    """An entry's key: the thing's ("step:12") and the language's ("step:12:en")."""
    return f"{key}:{code}"


def keys(key: str) -> list[str]:
    return [language_key(key, code) for code in tree.LANGUAGES]


def _save(entries: list[Entry]) -> None:
    """Store entries, and their Latin words as terms a misspelling can be compared with
    (terms are only added here; rebuild() clears those no entry has any more)."""
    Entry.objects.bulk_create(entries)
    found = {word for entry in entries for word in f"{entry.title_terms} {entry.body_terms}".split()
             if LATIN_WORD.fullmatch(word)}  # fmt: skip
    Term.objects.bulk_create([Term(word=word) for word in found], ignore_conflicts=True)


def _entry(*, key: str, kind: str, title: str, body: str, url: str, **extra) -> Entry:
    return Entry(
        key=key,
        kind=kind,
        title=title[:300],
        body=body,
        url=url,
        title_terms=terms(f"{title} {extra.pop('title_extra', '')}"),
        body_terms=terms(f"{body}\n{extra.get('translation', '')}"),
        **extra,
    )


@transaction.atomic
def index_guide(guide_id: int) -> None:
    """The guide as citizens read it now (its current version), its steps, and the live
    local variations of them."""
    Entry.objects.filter(guide_id=guide_id).delete()
    # The law it cites ranks higher while it is published: rank it again either way.
    index_paragraphs(sorted(cited_paragraphs(guide_id)))
    version = GuideVersion.objects.current().filter(guide=guide_id).first()
    if version is None:
        return
    entries = in_each_language(lambda: _guide_entries(version))
    _save(entries)
    published_steps = {step.get("id") for step in version.data["steps"]} - {None}
    for model in GUIDE_CHANGES:
        changes = model.objects.published().filter(step__in=published_steps)
        for pk in changes.values_list("pk", flat=True):
            index_local(model, pk)


def _guide_entries(version: GuideVersion) -> list[Entry]:
    """The guide and its steps, as the page in the active language shows them."""
    guide_id = version.guide_id
    built = tree.build(version.data, guide=version.guide_as_published())
    guide = built.guide
    url = guide.get_absolute_url()
    entries = [
        _entry(
            key=f"guide:{guide.pk}",
            kind=Entry.Kind.GUIDE,
            title=guide.title,
            context=pgettext("kind of search result", "Guide"),
            body=as_words(f"{guide.short_answer}\n{strip_tags(guide.summary_html)}"),
            url=url,
            guide_id=guide_id,
        )
    ]
    for item in built.steps:
        step = item.step
        items = [material.label for material in item.materials] + [
            f"{method.name}{pgettext('after a label', ':')} {method.description}"
            f"{pgettext('ends a sentence', '.')}"
            for method in item.methods
        ]
        entries.append(
            _entry(
                key=f"step:{step.pk}",
                kind=Entry.Kind.STEP,
                title=gettext("Step %(position)s: %(title)s")
                % {"position": step.position, "title": step.title},
                context=guide.title,
                # A figure is named in words ("the lowest base"): its value is the region's.
                body=as_words("\n".join([strip_tags(step.body_html).strip(), *items])),
                url=f"{url}#{step.anchor}",
                guide_id=guide_id,
            )
        )
    return entries


@transaction.atomic
def index_local(model, pk: int) -> None:
    key = f"{model._meta.model_name}:{pk}"
    Entry.objects.filter(key__in=keys(key)).delete()
    related = ["region__parent"] + (["step__guide"] if hasattr(model, "step") else [])
    item = model.objects.published().select_related(*related).filter(pk=pk).first()
    if item is None:
        return
    guide_id = item.step.guide_id if hasattr(item, "step") else None
    if guide_id is not None and not as_published([item]):
        return  # it changes something citizens cannot read (yet)

    def build() -> list[Entry]:
        title, body = item.as_text()
        return [
            _entry(
                key=key,
                kind=item.search_kind,
                title=title,  # in citizens' words, with the region (LocalContent.as_text)
                context=item.region.full_name if item.region else gettext("National"),
                body=body.strip(),
                url=item.get_absolute_url(),
                guide_id=guide_id,
                region=item.region,
            )
        ]

    _save(in_each_language(build))


def cited_paragraphs(guide_id: int | None = None) -> set[int]:
    """Paragraphs cited by what citizens read (or by any version of one guide), directly or
    by their article."""
    citations = VersionCitation.objects.all()
    if guide_id is not None:
        citations = citations.filter(version__guide=guide_id)
    else:
        citations = citations.filter(version__in=GuideVersion.objects.current().values("pk"))
    return _paragraphs_cited(citations.values_list("article_id", "paragraph_id"))


def _paragraphs_cited(citations) -> set[int]:
    """The paragraphs (article, paragraph or None) citations cite: one, or all of the article."""
    citations = list(citations)
    direct = {paragraph for _, paragraph in citations if paragraph}
    whole = {article for article, paragraph in citations if not paragraph}
    return direct | set(Paragraph.objects.filter(article__in=whole).values_list("pk", flat=True))


@transaction.atomic
def index_paragraphs(paragraph_ids: list[int] | None = None) -> None:
    """Law paragraphs, with their Chinese text and any English translation, as in force today."""
    wordings = Wording.objects.in_force(on=timezone.localdate()).select_related(
        "paragraph__article__statute"
    )
    stale = Entry.objects.filter(kind=Entry.Kind.LAW)
    if paragraph_ids is not None:
        wordings = wordings.filter(paragraph_id__in=paragraph_ids)
        stale = stale.filter(key__in=[k for pk in paragraph_ids for k in keys(f"paragraph:{pk}")])
    stale.delete()
    cited = cited_paragraphs()
    wordings = list(wordings)
    _save(in_each_language(lambda: _paragraph_entries(wordings, cited)))


def _paragraph_entries(wordings: list[Wording], cited: set[int]) -> list[Entry]:
    entries = []
    for wording in wordings:
        paragraph = wording.paragraph
        article = paragraph.article
        # A paragraph the guides cite is where citizens are sent: its words
        # count as title words, so it ranks above others that say the same.
        boost = wording.text_zh if paragraph.pk in cited else ""
        entries.append(
            _entry(
                key=f"paragraph:{paragraph.pk}",
                kind=Entry.Kind.LAW,
                title=gettext("Article %(article)s, paragraph %(paragraph)s")
                % {"article": article.number, "paragraph": paragraph.number},
                title_extra=f"{article.label_zh} {boost}",
                context=article.statute.title,
                body=wording.text_zh,
                translation=wording.text_en or "",
                url=f"{article.get_absolute_url()}#{paragraph.anchor}",
                lang="zh-Hans",
            )
        )
    return entries


@transaction.atomic
def index_tools() -> None:
    """The guided answers and calculators, each in each language."""
    Entry.objects.filter(kind=Entry.Kind.TOOL).delete()

    def build() -> list[Entry]:
        return [
            _entry(
                key=f"tool:{tool.key}",
                kind=Entry.Kind.TOOL,
                title=str(tool.title),
                title_extra=tool.words,
                context=gettext("Calculators and answers"),
                body=str(tool.summary),
                url=tool.url,
            )
            for tool in TOOLS
        ]

    _save(in_each_language(build))


@transaction.atomic
def rebuild() -> int:
    """Everything again, from the content; returns how many entries there are."""
    Entry.objects.all().delete()
    Term.objects.all().delete()
    index_paragraphs()
    index_tools()
    for guide_id in GuideVersion.objects.current().values_list("guide", flat=True):
        index_guide(guide_id)
    for model in [*REGION_ITEMS, Service, Figure]:
        for pk in model.objects.published().values_list("pk", flat=True):
            index_local(model, pk)
    return Entry.objects.count()
