"""Public pages of the laws app: statutes and articles, now or on any date."""

import datetime
from dataclasses import dataclass, field
from itertools import groupby, pairwise

from django.db.models import Case, Value, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from laws import exports, references
from laws.diff import inline_diff
from laws.forms import InForceOnForm
from laws.models import Amendment, Article, Chapter, Paragraph, Statute, Wording
from portal.cache import cached_object, lazily

SNIPPET_LENGTH = 40


def statute_list(request: HttpRequest) -> HttpResponse:
    # Laws before the regulations made under them, each kind oldest first.
    statutes = Statute.objects.order_by(
        Case(When(kind=Statute.Kind.LAW, then=Value(0)), default=Value(1)), "adopted"
    )
    return render(
        request,
        "laws/statute_list.html",
        {
            "statutes": statutes,
            "breadcrumbs": [(gettext("Home"), reverse("guides:home")), (gettext("Law"), None)],
        },
    )


def _statute(slug: str) -> Statute:
    """The statute at `slug` (else 404), kept for the content's generation."""
    return cached_object("statute", slug, build=lambda: get_object_or_404(Statute, slug=slug))


def _breadcrumbs(statute: Statute, page: str | None = None) -> list[tuple[str, str | None]]:
    """Home › Law › the statute, then `page` within it (a chapter, an article) if any."""
    trail = [
        (gettext("Home"), reverse("guides:home")),
        (gettext("Law"), reverse("laws:index")),
        (statute.title, statute.get_absolute_url() if page else None),
    ]
    return [*trail, (page, None)] if page else trail


def _date_form_or_redirect(
    request: HttpRequest, url_name: str, **kwargs
) -> tuple[InForceOnForm, HttpResponseRedirect | None, list[tuple[datetime.date, str]]]:
    """Handle the "show the text in force on" form: redirect to the dated address; or,
    when what was typed may be two dates (1/6/2015), give both, each with its address, for
    the page to ask which is meant. A form sent back (with a problem or that question)
    holds what was typed, so the page is then built without shared fragments."""
    if "on" not in request.GET:
        return InForceOnForm(), None, []
    form = InForceOnForm(request.GET)
    if not form.is_valid():
        return form, None, []
    choices = [
        (on, reverse(url_name, kwargs={**kwargs, "on": on})) for on in form.cleaned_data["on"]
    ]
    if len(choices) == 1:
        return form, HttpResponseRedirect(choices[0][1]), []
    return form, None, choices


def _point_in_time(statute: Statute, on: datetime.date | None) -> dict:
    today = timezone.localdate()
    when = on or today
    return {
        "on": when,
        "dated": on is not None,
        "link_on": on,  # references in the text lead to the same date
        "today": today,
        "in_force": statute.in_force_on(when),
        "held": statute.wording_held_on(when),
        "in_future": when > today,
    }


def statute_detail(
    request: HttpRequest, statute: str, on: datetime.date | None = None
) -> HttpResponse:
    statute = _statute(statute)
    form, redirect, date_choices = _date_form_or_redirect(
        request, "laws:statute_on", statute=statute.slug
    )
    if redirect:
        return redirect
    when = _point_in_time(statute, on)
    breadcrumbs = _breadcrumbs(statute)
    return render(
        request,
        "laws/statute_detail.html",
        {
            "statute": statute,
            **lazily(StatuteContents(statute, when["on"]), "chapters", "article_count"),
            "amendments": SimpleLazyObject(lambda: _amendments_with_changes(statute)),
            "form": form,
            "date_choices": date_choices,
            "cache_fragments": not form.is_bound,
            "breadcrumbs": breadcrumbs,
            **when,
        },
        status=400 if form.errors else 200,
    )


def statute_text(
    request: HttpRequest, statute: str, chapter: int | None = None, on: datetime.date | None = None
) -> HttpResponse:
    """A whole statute, or one chapter of it, on one page, as in force on a date."""
    statute = _statute(statute)
    chapters = cached_object("chapters", statute.pk, build=lambda: list(statute.chapters.all()))
    shown = None
    if chapter is not None:
        shown = next((c for c in chapters if c.number == chapter), None)
        if shown is None:
            raise Http404("No such chapter.")
    url_name, kwargs = (
        ("laws:chapter", {"statute": statute.slug, "chapter": chapter})
        if shown
        else ("laws:whole", {"statute": statute.slug})
    )
    form, redirect, date_choices = _date_form_or_redirect(request, f"{url_name}_on", **kwargs)
    if redirect:
        return redirect
    when = _point_in_time(statute, on)
    breadcrumbs = _breadcrumbs(
        statute,
        gettext("Chapter %(chapter)s") % {"chapter": shown.number}
        if shown
        else gettext("The whole text"),
    )
    index = chapters.index(shown) if shown else 0
    return render(
        request,
        "laws/statute_text.html",
        {
            "statute": statute,
            "chapters": chapters,
            "chapter": shown,
            "previous_chapter": chapters[index - 1] if shown and index > 0 else None,
            "next_chapter": chapters[index + 1] if shown and index + 1 < len(chapters) else None,
            "current_url": reverse(url_name, kwargs=kwargs),
            "date_url_name": f"{url_name}_on",
            **lazily(StatuteText(statute, shown, when["on"]), "shown_chapters"),
            "form": form,
            "date_choices": date_choices,
            "cache_fragments": not form.is_bound,
            "breadcrumbs": breadcrumbs,
            **when,
        },
        status=400 if form.errors else 200,
    )


@csrf_exempt  # read only: any other method is refused (405), not asked for a token (403)
@require_safe
def statute_data(
    request: HttpRequest,
    statute: str,
    fmt: str,
    number: int | None = None,
    on: datetime.date | None = None,
) -> HttpResponse:
    """A statute, or one article, as in force on a date (today if none): JSON or Akoma
    Ntoso. Open data: any site may read it (CORS)."""
    statute = _statute(statute)
    when = on or timezone.localdate()
    chapter = None
    if number is not None:
        found = Article.objects.select_related("chapter").filter(statute=statute, number=number)
        article = found.first()
        if article is None:
            raise Http404("No such article.")
        chapter = article.chapter
    chapters = StatuteText(statute, chapter, when).shown_chapters
    if fmt == "json":
        response = JsonResponse(
            exports.as_data(statute, chapters, when, request, article=number),
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )
    else:
        response = HttpResponse(
            exports.as_akoma_ntoso(statute, chapters, when, article=number),
            content_type="application/akn+xml; charset=utf-8",
        )
    response["Access-Control-Allow-Origin"] = "*"
    return response


class StatuteText:
    """The chapters shown, each with its articles and their paragraphs as in force on a
    date: three queries, however long the statute."""

    def __init__(self, statute: Statute, chapter: Chapter | None, on: datetime.date):
        self.statute = statute
        self.chapter = chapter
        self.on = on

    @cached_property
    def shown_chapters(self) -> list[Chapter]:
        chapters = [self.chapter] if self.chapter else list(self.statute.chapters.all())
        articles = Article.objects.filter(chapter__in=chapters).order_by("number")
        wordings = (
            Wording.objects.in_force(on=self.on)
            .filter(paragraph__article__in=articles)
            .select_related("paragraph")
            .order_by("paragraph__number")
        ) if self.statute.wording_held_on(self.on) else Wording.objects.none()  # fmt: skip
        by_article: dict[int, list[ParagraphView]] = {}
        for wording in wordings:
            by_article.setdefault(wording.paragraph.article_id, []).append(
                ParagraphView(wording.paragraph, wording)
            )
        listed = list(articles)
        for chapter in chapters:
            chapter.article_list = [a for a in listed if a.chapter_id == chapter.pk]
            for article in chapter.article_list:
                article.statute = self.statute  # for its address, without a query
                article.paragraph_views = by_article.get(article.pk, [])
        return chapters


class StatuteContents:
    """A statute's chapters and articles, each with the opening of its text on a date."""

    def __init__(self, statute: Statute, on: datetime.date):
        self.statute = statute
        self.on = on

    @cached_property
    def articles(self) -> list[Article]:
        articles = list(self.statute.articles.all())
        openings = dict(
            Wording.objects.in_force(on=self.on)
            .filter(paragraph__article__statute=self.statute, paragraph__number=1)
            .values_list("paragraph__article_id", "text_zh")
        )
        for article in articles:
            opening = openings.get(article.pk, "").split("\n", 1)[0]
            article.snippet = (
                opening[:SNIPPET_LENGTH] + "…" if len(opening) > SNIPPET_LENGTH else opening
            )
        return articles

    @cached_property
    def chapters(self) -> list[Chapter]:
        chapters = list(self.statute.chapters.all())
        for chapter in chapters:
            chapter.article_list = [a for a in self.articles if a.chapter_id == chapter.pk]
        return chapters

    @property
    def article_count(self) -> int:
        return len(self.articles)


def _amendments_with_changes(statute: Statute) -> list[Amendment]:
    amendments = list(statute.amendments.all())
    changed = (
        Wording.objects.filter(amendment__statute=statute)
        .select_related("paragraph__article")
        .order_by("amendment_id", "paragraph__article__number", "paragraph__number")
    )
    by_amendment = {key: list(group) for key, group in groupby(changed, lambda w: w.amendment_id)}
    for amendment in amendments:
        amendment.changed_wordings = by_amendment.get(amendment.pk, [])
    return amendments


@dataclass
class ParagraphView:
    """One paragraph as the article page shows it on the chosen date."""

    paragraph: Paragraph
    wording: Wording | None
    wordings: list[Wording] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.paragraph.number

    @property
    def anchor(self) -> str:
        return self.paragraph.anchor

    @property
    def lines_zh(self) -> list[str]:
        return self.wording.text_zh.split("\n") if self.wording else []


@dataclass
class Change:
    amendment: Amendment
    paragraph: Paragraph
    before: Wording
    after: Wording

    @property
    def diff(self):
        return inline_diff(self.before.text_zh, self.after.text_zh)


def article_detail(
    request: HttpRequest, statute: str, number: int, on: datetime.date | None = None
) -> HttpResponse:
    slug = statute
    article = cached_object(
        "article",
        slug,
        number,
        build=lambda: get_object_or_404(
            Article.objects.select_related("statute", "chapter__statute"),
            statute__slug=slug,
            number=number,
        ),
    )
    statute = article.statute
    form, redirect, date_choices = _date_form_or_redirect(
        request, "laws:article_on", statute=statute.slug, number=article.number
    )
    if redirect:
        return redirect
    when = _point_in_time(statute, on)
    breadcrumbs = _breadcrumbs(
        statute, gettext("Article %(article)s") % {"article": article.number}
    )
    return render(
        request,
        "laws/article_detail.html",
        {
            "statute": statute,
            "article": article,
            **lazily(
                ArticleText(article, when["on"]),
                "paragraphs",
                "changes",
                "has_translation",
                "referred_by",
                "previous_article",
                "next_article",
            ),
            "form": form,
            "date_choices": date_choices,
            "cache_fragments": not form.is_bound,
            "breadcrumbs": breadcrumbs,
            **when,
        },
        status=400 if form.errors else 200,
    )


class ArticleText:
    """An article's paragraphs as in force on a date, their amendments, its neighbours and
    the guides citing it: each worked out only when the page's content is built."""

    def __init__(self, article: Article, on: datetime.date):
        self.article = article
        self.on = on

    @cached_property
    def _history(self) -> tuple[list[ParagraphView], list[Change]]:
        paragraphs, changes = [], []
        wordings = (
            Wording.objects.filter(paragraph__article=self.article)
            .select_related("paragraph", "amendment")
            .order_by("paragraph__number", "in_force_from")
        )
        for paragraph, group in groupby(wordings, lambda w: w.paragraph):
            history = list(group)
            current = next(
                (w for w in history if w.in_force_on(self.on)),
                None,
            )
            paragraphs.append(ParagraphView(paragraph, current, history))
            changes += [
                Change(after.amendment, paragraph, before, after)
                for before, after in pairwise(history)
                if after.amendment
            ]
        return paragraphs, changes

    @property
    def paragraphs(self) -> list[ParagraphView]:
        return [p for p in self._history[0] if p.wording]

    @property
    def changes(self) -> list[Change]:
        return self._history[1]

    @property
    def referred_by(self) -> list[Wording]:
        """The paragraphs, in force on the date, whose text refers to this article."""
        seen = {}
        for wording, _target in references.referring_to(
            self.article.statute.slug, self.article.number, self.on
        ):
            seen.setdefault(wording.pk, wording)
        return list(seen.values())

    @property
    def has_translation(self) -> bool:
        return any(p.wording.text_en for p in self.paragraphs)

    @cached_property
    def _siblings(self):
        return Article.objects.filter(statute=self.article.statute).select_related("statute")

    @property
    def previous_article(self) -> Article | None:
        return self._siblings.filter(number__lt=self.article.number).order_by("-number").first()

    @property
    def next_article(self) -> Article | None:
        return self._siblings.filter(number__gt=self.article.number).order_by("number").first()
