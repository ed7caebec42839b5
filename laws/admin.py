"""Editors maintain the law's text and translations here; loading a statute is `importlaw`."""

from itertools import pairwise

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from laws.models import Amendment, Article, Chapter, Paragraph, Statute, Wording
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


@admin.register(Article)
class ArticleAdmin(ImportedOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "label_zh", "chapter", "paragraph_count", "statute"]
    list_display_links = ["number", "label_zh"]
    list_filter = ["statute", "chapter", TranslatedFilter, AmendedFilter]
    search_fields = ["=number", "paragraphs__wordings__text_zh", "paragraphs__wordings__text_en"]
    readonly_fields = ["statute", "chapter", "number", "label_zh"]
    list_select_related = ["chapter", "statute"]
    inlines = [ParagraphInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.annotate(paragraph_total=Count("paragraphs", distinct=True))

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
class ParagraphAdmin(ConcurrentEditAdminMixin, ImportedOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "article", "number"]
    list_filter = ["article__statute", "article__chapter"]
    search_fields = ["wordings__text_zh", "wordings__text_en"]
    readonly_fields = ["article", "number"]
    list_select_related = ["article"]
    inlines = [WordingInline]
