"""Keeping the search index in step with what citizens can see.

Only published content is indexed: live guides (never drafts) and their steps,
law paragraphs as in force today, and live local variations of published
guides. Each function rebuilds the entries of one thing; ``rebuild`` does all.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags

from guides.models import Citation, Guide
from laws.models import Paragraph, Wording
from regions.models import LOCAL_MODELS, Hotline, MaterialChange, MethodChange, Office
from search.models import Entry
from search.text import terms


def _entry(*, key: str, kind: str, title: str, body: str, url: str, **extra) -> Entry:
    return Entry(
        key=key,
        kind=kind,
        title=title[:300],
        body=body,
        url=url,
        title_terms=terms(f"{title} {extra.pop('title_extra', '')}"),
        body_terms=terms(body),
        **extra,
    )


@transaction.atomic
def index_guide(guide_id: int) -> None:
    """The guide, its steps and the live local variations of them."""
    Entry.objects.filter(guide_id=guide_id).delete()
    # The law it cites ranks higher while it is published: rank it again either way.
    index_paragraphs(sorted(_cited_paragraphs(Guide(pk=guide_id))))
    guide = (
        Guide.objects.published()
        .filter(pk=guide_id)
        .prefetch_related("steps__materials", "steps__payment_methods")
        .first()
    )
    if guide is None:
        return
    url = guide.get_absolute_url()
    entries = [
        _entry(
            key=f"guide:{guide.pk}",
            kind=Entry.Kind.GUIDE,
            title=guide.title,
            context="Guide",
            body=f"{guide.short_answer}\n{strip_tags(guide.summary_html)}",
            url=url,
            guide=guide,
        )
    ]
    for step in guide.steps.all():
        items = [material.label for material in step.materials.all()] + [
            f"{method.name}: {method.description}." for method in step.payment_methods.all()
        ]
        entries.append(
            _entry(
                key=f"step:{step.pk}",
                kind=Entry.Kind.STEP,
                title=f"Step {step.position}: {step.title}",
                context=guide.title,
                body="\n".join([strip_tags(step.body_html).strip(), *items]),
                url=f"{url}#{step.anchor}",
                guide=guide,
            )
        )
    Entry.objects.bulk_create(entries)
    for model in LOCAL_MODELS[:3]:  # the variations of the guide's steps
        for pk in model.objects.published().filter(step__guide=guide).values_list("pk", flat=True):
            index_local(model, pk)


def _local_text(item) -> tuple[str, str]:
    """A local item's title and body, as a result shows them."""
    if isinstance(item, Office):
        return item.name, f"{item.address}\n{item.opening_hours}\n{item.phone}"
    if isinstance(item, Hotline):
        return f"{item.name}: {item.number}", item.hours
    if isinstance(item, MaterialChange):
        action = item.get_action_display()
        return f"{action}: {item.label}", item.notes
    if isinstance(item, MethodChange):
        return f"{item.get_action_display()}: {item.label}", f"{item.description}\n{item.notes}"
    return f"{item.get_action_display()}: step {item.step.position}, {item.step.title}", strip_tags(
        item.text_html
    )


@transaction.atomic
def index_local(model, pk: int) -> None:
    key = f"{model._meta.model_name}:{pk}"
    Entry.objects.filter(key=key).delete()
    related = ["region__parent"] + (["step__guide"] if hasattr(model, "step") else [])
    item = model.objects.published().select_related(*related).filter(pk=pk).first()
    if item is None:
        return
    guide = item.step.guide if hasattr(item, "step") else None
    if guide is not None and not (guide.is_published and guide.draft_of_id is None):
        return
    title, body = _local_text(item)
    _entry(
        key=key,
        kind=Entry.Kind.LOCAL,
        title=f"{item.region.name_en}: {title}",
        context=item.region.full_name_en,
        body=body.strip(),
        url=item.get_absolute_url(),
        guide=guide,
        region=item.region,
    ).save()


def _cited_paragraphs(guide: Guide | None = None) -> set[int]:
    """Paragraphs cited by published guides (or by `guide`), directly or by their article."""
    if guide is not None:
        citations = Citation.objects.filter(Q(step__guide=guide) | Q(guide=guide))
    else:
        citations = Citation.objects.filter(
            Q(step__guide__is_published=True, step__guide__draft_of__isnull=True)
            | Q(guide__is_published=True, guide__draft_of__isnull=True)
        )
    return _paragraphs_cited(citations.values_list("article_id", "paragraph_id"))


def _paragraphs_cited(citations) -> set[int]:
    """The paragraphs (article, paragraph or None) citations cite: one, or all of the article."""
    citations = list(citations)
    direct = {paragraph for _, paragraph in citations if paragraph}
    whole = {article for article, paragraph in citations if not paragraph}
    return direct | set(Paragraph.objects.filter(article__in=whole).values_list("pk", flat=True))


def index_uncited(citations: list[tuple[int, int | None]]) -> None:
    """Rank again the law that (article, paragraph or None) citations, now removed, cited."""
    index_paragraphs(sorted(_paragraphs_cited(citations)))


@transaction.atomic
def index_paragraphs(paragraph_ids: list[int] | None = None) -> None:
    """Law paragraphs, with their Chinese text and any English translation, as in force today."""
    wordings = Wording.objects.in_force(on=timezone.localdate()).select_related(
        "paragraph__article__statute"
    )
    stale = Entry.objects.filter(kind=Entry.Kind.LAW)
    if paragraph_ids is not None:
        wordings = wordings.filter(paragraph_id__in=paragraph_ids)
        stale = stale.filter(key__in=[f"paragraph:{pk}" for pk in paragraph_ids])
    stale.delete()
    cited = _cited_paragraphs()
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
                title=f"Article {article.number}, paragraph {paragraph.number}",
                title_extra=f"{article.label_zh} {boost}",
                context=article.statute.title_en,
                body="\n".join(part for part in [wording.text_zh, wording.text_en] if part),
                url=f"{article.get_absolute_url()}#{paragraph.anchor}",
                lang="zh-Hans",
            )
        )
    Entry.objects.bulk_create(entries)


@transaction.atomic
def rebuild() -> int:
    """Everything again, from the content; returns how many entries there are."""
    Entry.objects.all().delete()
    index_paragraphs()
    for guide_id in Guide.objects.published().values_list("pk", flat=True):
        index_guide(guide_id)
    for model in LOCAL_MODELS[3:]:  # offices and hotlines belong to no guide
        for pk in model.objects.published().values_list("pk", flat=True):
            index_local(model, pk)
    return Entry.objects.count()
