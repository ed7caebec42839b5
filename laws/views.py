"""Public pages of the laws app: statutes and articles, now or on any date."""

import datetime
from dataclasses import dataclass, field
from itertools import groupby, pairwise

from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from laws.diff import inline_diff
from laws.forms import InForceOnForm
from laws.models import Amendment, Article, Paragraph, Statute, Wording

SNIPPET_LENGTH = 40


def statute_list(request: HttpRequest) -> HttpResponse:
    statutes = Statute.objects.all()
    return render(
        request,
        "laws/statute_list.html",
        {"statutes": statutes, "breadcrumbs": [("Home", reverse("guides:home")), ("Law", None)]},
    )


def _date_form_or_redirect(request: HttpRequest, url_name: str, **kwargs):
    """Handle the "show the text in force on" form: redirect to the dated address."""
    if "on" not in request.GET:
        return InForceOnForm(), None
    form = InForceOnForm(request.GET)
    if form.is_valid():
        kwargs["on"] = form.cleaned_data["on"]
        return form, HttpResponseRedirect(reverse(url_name, kwargs=kwargs))
    return form, None


def _point_in_time(statute: Statute, on: datetime.date | None) -> dict:
    today = timezone.localdate()
    when = on or today
    return {
        "on": when,
        "dated": on is not None,
        "today": today,
        "in_force": statute.in_force_on(when),
        "in_future": when > today,
    }


def statute_detail(
    request: HttpRequest, statute: str, on: datetime.date | None = None
) -> HttpResponse:
    statute = get_object_or_404(Statute, slug=statute)
    form, redirect = _date_form_or_redirect(request, "laws:statute_on", statute=statute.slug)
    if redirect:
        return redirect
    when = _point_in_time(statute, on)
    chapters = list(statute.chapters.all())
    articles = list(statute.articles.all())
    openings = dict(
        Wording.objects.in_force(on=when["on"])
        .filter(paragraph__article__statute=statute, paragraph__number=1)
        .values_list("paragraph__article_id", "text_zh")
    )
    for article in articles:
        opening = openings.get(article.pk, "").split("\n", 1)[0]
        article.snippet = (
            opening[:SNIPPET_LENGTH] + "…" if len(opening) > SNIPPET_LENGTH else opening
        )
    for chapter in chapters:
        chapter.article_list = [a for a in articles if a.chapter_id == chapter.pk]
    amendments = _amendments_with_changes(statute)
    breadcrumbs = [
        ("Home", reverse("guides:home")),
        ("Law", reverse("laws:index")),
        (statute.title_en, None),
    ]
    return render(
        request,
        "laws/statute_detail.html",
        {
            "statute": statute,
            "chapters": chapters,
            "article_count": len(articles),
            "amendments": amendments,
            "form": form,
            "breadcrumbs": breadcrumbs,
            **when,
        },
        status=400 if form.errors else 200,
    )


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
    statute = get_object_or_404(Statute, slug=statute)
    article = get_object_or_404(
        Article.objects.select_related("statute", "chapter__statute"),
        statute=statute,
        number=number,
    )
    form, redirect = _date_form_or_redirect(
        request, "laws:article_on", statute=statute.slug, number=article.number
    )
    if redirect:
        return redirect
    when = _point_in_time(statute, on)
    paragraphs = []
    changes = []
    wordings = (
        Wording.objects.filter(paragraph__article=article)
        .select_related("paragraph", "amendment")
        .order_by("paragraph__number", "in_force_from")
    )
    for paragraph, group in groupby(wordings, lambda w: w.paragraph):
        history = list(group)
        current = next(
            (
                w
                for w in history
                if w.in_force_from <= when["on"]
                and (w.in_force_until is None or w.in_force_until > when["on"])
            ),
            None,
        )
        paragraphs.append(ParagraphView(paragraph, current, history))
        changes += [
            Change(after.amendment, paragraph, before, after)
            for before, after in pairwise(history)
            if after.amendment
        ]
    # The citations live with the guides; this page only lists the published ones.
    cited_by = (
        article.citations.filter(Q(step__guide__is_published=True) | Q(guide__is_published=True))
        .select_related("step__guide", "guide", "paragraph")
        .order_by(
            F("step__guide__title").asc(nulls_first=True),
            F("step__position").asc(nulls_first=True),
            F("paragraph__number").asc(nulls_first=True),
            "pk",
        )
    )
    siblings = Article.objects.filter(statute=statute).select_related("statute")
    previous_article = siblings.filter(number__lt=article.number).order_by("-number").first()
    next_article = siblings.filter(number__gt=article.number).order_by("number").first()
    breadcrumbs = [
        ("Home", reverse("guides:home")),
        ("Law", reverse("laws:index")),
        (statute.title_en, statute.get_absolute_url()),
        (f"Article {article.number}", None),
    ]
    return render(
        request,
        "laws/article_detail.html",
        {
            "statute": statute,
            "article": article,
            "paragraphs": [p for p in paragraphs if p.wording],
            "changes": changes,
            "has_translation": any(p.wording and p.wording.text_en for p in paragraphs),
            "cited_by": list(cited_by),
            "previous_article": previous_article,
            "next_article": next_article,
            "form": form,
            "breadcrumbs": breadcrumbs,
            **when,
        },
        status=400 if form.errors else 200,
    )
