"""Editors maintain the law's text and translations here; loading a statute is `importlaw`."""

import re
import unicodedata
from itertools import pairwise

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from laws.models import Amendment, Article, Chapter, Paragraph, Statute, Wording
from laws.parsing import NUMERAL, chinese_numeral
from portal.bilingual import in_each_language
from portal.concurrency import ConcurrentEditAdminMixin


class ImportedOnlyMixin:
    """Statutes and their structure come from `importlaw`, never typed in or deleted here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AmendmentInline(ImportedOnlyMixin, admin.TabularInline):
    model = Amendment
    fields = ["date", "in_force_from", "title_zh", "adopted_by"]
    readonly_fields = fields
    extra = 0


@admin.register(Statute)
class StatuteAdmin(ImportedOnlyMixin, admin.ModelAdmin):
    list_display = ["title_en", "title_zh", "adopted", "in_force_from", "imported_at"]
    search_fields = ["title_en", "title_zh", "slug"]
    readonly_fields = ["slug", "source_file", "source_sha256", "imported_at"]
    fieldsets = [
        (None, {"fields": ["slug", "title_zh", "title_en"]}),
        (
            pgettext_lazy("a statute's adoption and amendments", "History"),
            {"fields": ["adopted", "adopted_by", "in_force_from", "history_zh"]},
        ),
        (
            _("Provenance"),
            {
                "fields": [
                    tuple(in_each_language("source")),
                    "source_file",
                    "source_sha256",
                    "imported_at",
                ]
            },
        ),
    ]
    inlines = [AmendmentInline]


@admin.register(Chapter)
class ChapterAdmin(ImportedOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "label_zh", "title_zh", "title_en", "statute"]
    list_display_links = ["number", "label_zh"]
    list_filter = ["statute"]
    search_fields = ["title_zh", "title_en"]
    readonly_fields = ["statute", "number", "label_zh"]


class ParagraphInline(ImportedOnlyMixin, admin.TabularInline):
    """Links to each paragraph, where its wordings and translation are edited."""

    model = Paragraph
    fields = ["number"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


class TranslatedFilter(admin.SimpleListFilter):
    title = _("English translation")
    parameter_name = "translated"

    def lookups(self, request, model_admin):
        return [("yes", gettext("Has a translation")), ("no", gettext("No translation"))]

    def queryset(self, request, queryset):
        translated = Q(paragraphs__wordings__text_en__gt="")
        if self.value() == "yes":
            return queryset.filter(translated).distinct()
        if self.value() == "no":
            return queryset.exclude(translated)
        return queryset


class AmendedFilter(admin.SimpleListFilter):
    title = _("amended")
    parameter_name = "amended"

    def lookups(self, request, model_admin):
        return [("yes", gettext("Amended")), ("no", gettext("Never amended"))]

    def queryset(self, request, queryset):
        amended = Q(paragraphs__wordings__amendment__isnull=False)
        if self.value() == "yes":
            return queryset.filter(amended).distinct()
        if self.value() == "no":
            return queryset.exclude(amended)
        return queryset


NUMBERED = re.compile(
    rf"第?(?P<article>\d+|[{NUMERAL}]+)条?"
    rf"(?:(?:\.|\(|（|第)(?P<paragraph>\d+|[{NUMERAL}]+)(?:\)|）|款)?)?"
)


def numbered(term: str) -> tuple[int, int | None] | None:
    """An article (and paragraph) number as staff type one: 60, 第六十条, 60(1), 60.1,
    第六十条第一款, in any digits (６０): (60, 1), or None for other words."""
    match = NUMBERED.fullmatch(unicodedata.normalize("NFKC", term.strip()))
    if match is None:
        return None

    def read(text: str) -> int:
        return int(text) if text.isdigit() else chinese_numeral(text)

    try:
        article = read(match["article"])
        paragraph = read(match["paragraph"]) if match["paragraph"] else None
    except ValueError:
        return None
    if article > 10_000 or (paragraph or 0) > 1_000:
        return None
    return article, paragraph


class NumberSearchMixin:
    """Staff find an article or paragraph by its number, in digits or in Chinese, as well
    as by its words; `number_lookups` names the article's and the paragraph's number."""

    number_lookups: tuple[str, str | None]

    def get_search_results(self, request, queryset, search_term):
        found = numbered(search_term)
        if found is None:
            return super().get_search_results(request, queryset, search_term)
        article, paragraph = found
        by_article, by_paragraph = self.number_lookups
        filters = {by_article: article}
        if paragraph is not None and by_paragraph:
            filters[by_paragraph] = paragraph
        return queryset.filter(**filters), False


def current_text(paragraph_ref: str):
    """The Chinese words in force today of the paragraph `paragraph_ref` points at, as a
    subquery: a list's short text column in one query."""
    return Subquery(
        Wording.objects.in_force(on=timezone.localdate())
        .filter(paragraph=OuterRef(paragraph_ref))
        .values("text_zh")[:1]
    )


def short(text: str | None, length: int = 60) -> str:
    if not text:
        return "—"
    return text if len(text) <= length else text[: length - 1] + "…"


@admin.register(Article)
class ArticleAdmin(NumberSearchMixin, ImportedOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "label_zh", "opening", "chapter", "paragraph_count", "statute"]
    number_lookups = ("number", None)
    list_display_links = ["number", "label_zh"]
    list_filter = ["statute", "chapter", TranslatedFilter, AmendedFilter]
    search_fields = ["=number", "paragraphs__wordings__text_zh", "paragraphs__wordings__text_en"]
    readonly_fields = ["statute", "chapter", "number", "label_zh"]
    list_select_related = ["chapter", "statute"]
    inlines = [ParagraphInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.annotate(
            paragraph_total=Count("paragraphs", distinct=True),
            opening_text=Subquery(
                Wording.objects.in_force(on=timezone.localdate())
                .filter(paragraph__article=OuterRef("pk"), paragraph__number=1)
                .values("text_zh")[:1]
            ),
        )

    @admin.display(description=_("begins"))
    def opening(self, article: Article) -> str:
        return short(article.opening_text)

    @admin.display(description=_("paragraphs"), ordering="paragraph_total")
    def paragraph_count(self, article: Article) -> int:
        return article.paragraph_total


def _overlap(periods: list[tuple]) -> bool:
    """Whether any two [from, until) periods share a day (until None: still in force)."""
    ordered = sorted(periods, key=lambda period: period[0])
    return any(
        earlier_until is None or earlier_until > later_from
        for (_, earlier_until), (later_from, _) in pairwise(ordered)
    )


class WordingFormSet(BaseInlineFormSet):
    """A paragraph's wordings are checked together, in the order they are saved (changed
    ones first, then new ones), so that ending a wording and adding the one that follows
    it is a single save, and no save is refused by the database halfway."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        periods = {
            wording.pk: (wording.in_force_from, wording.in_force_until)
            for wording in Wording.objects.filter(paragraph=self.instance)
        }
        changed = [form for form in self.initial_forms if form.has_changed()]
        added = [form for form in self.extra_forms if form.has_changed()]
        for number, form in enumerate(changed + added):
            data = form.cleaned_data
            periods[form.instance.pk or f"new-{number}"] = (
                data["in_force_from"],
                data["in_force_until"],
            )
            if _overlap(list(periods.values())):
                raise ValidationError(
                    gettext(
                        "Two wordings of this paragraph would be in force on the same day. End "
                        "the earlier wording (“in force until”) where the next one starts."
                    )
                )


class WordingInline(admin.StackedInline):
    model = Wording
    formset = WordingFormSet
    fk_name = "paragraph"
    extra = 0
    # A paragraph has had two wordings in fifteen years; a forged form count of 100,000
    # must not make the server build that many forms.
    max_num = 20

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, absolute_max=self.max_num, **kwargs)

    fields = [
        "text_zh",
        "text_en",
        tuple(in_each_language("translation_note")),
        ("in_force_from", "in_force_until"),
        "amendment",
    ]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Paragraph)
class ParagraphAdmin(
    NumberSearchMixin, ConcurrentEditAdminMixin, ImportedOnlyMixin, admin.ModelAdmin
):
    list_display = ["__str__", "article", "number", "words"]
    number_lookups = ("article__number", "number")
    list_filter = ["article__statute", "article__chapter"]
    search_fields = ["wordings__text_zh", "wordings__text_en"]
    readonly_fields = ["article", "number"]
    list_select_related = ["article"]
    inlines = [WordingInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(words_now=current_text("pk"))

    @admin.display(description=_("words in force"))
    def words(self, paragraph: Paragraph) -> str:
        return short(paragraph.words_now)
