"""Editors keep the law's translations here, as drafts they publish; the text and its
periods in force come from `importlaw` only."""

import re
import unicodedata

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from laws import drafts
from laws.diff import inline_diff
from laws.models import (
    Amendment,
    Article,
    Chapter,
    Paragraph,
    Statute,
    TranslationVersion,
    Wording,
)
from laws.parsing import NUMERAL, chinese_numeral
from portal.adminpages import admin_page
from portal.bilingual import in_each_language


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
        by_words, distinct = super().get_search_results(request, queryset, search_term)
        found = numbered(search_term)
        if found is None:
            return by_words, distinct
        article, paragraph = found
        by_article, by_paragraph = self.number_lookups
        filters = {by_article: article}
        if paragraph is not None and by_paragraph:
            filters[by_paragraph] = paragraph
        if paragraph is not None or not search_term.strip().isdigit():
            return queryset.filter(**filters), False  # 第六十条, 60(1): the number only
        # A bare number may also be words of the text (a year, an amount).
        return queryset.filter(pk__in=by_words.values("pk")) | queryset.filter(**filters), True


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


class WordingInline(admin.StackedInline):
    """A paragraph's wordings as imported: the Chinese text and its periods come only from
    `importlaw`, and the translation is changed through a draft (laws.drafts)."""

    model = Wording
    fk_name = "paragraph"
    extra = 0
    max_num = 0
    can_delete = False
    fields = [
        "text_zh",
        "text_en",
        tuple(in_each_language("translation_note")),
        ("in_force_from", "in_force_until"),
        "amendment",
    ]
    readonly_fields = [
        "text_zh", "text_en", *in_each_language("translation_note"), "in_force_from",
        "in_force_until", "amendment",
    ]  # fmt: skip

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class TranslationForm(forms.Form):
    """The English of one wording and the note on where it comes from, as a draft. It
    carries the draft it was opened on: if someone saved another since, it is refused and
    shows theirs, so neither is lost."""

    opened = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, wording: Wording, **kwargs):
        super().__init__(*args, **kwargs)
        self.wording = wording
        draft = getattr(wording, "draft", None)
        self.current = draft.saved_at.isoformat() if draft else ""
        self.initial.setdefault("opened", self.current)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("opened", "") != self.current:
            draft = getattr(self.wording, "draft", None)
            data = self.data.copy()
            data[self.add_prefix("opened")] = self.current  # a second save goes through
            self.data = data
            if draft is None:
                raise forms.ValidationError(
                    gettext(
                        "The draft you opened was published or taken back meanwhile, so yours "
                        "was not saved. Yours is still below: save again to keep it as a draft."
                    )
                )
            raise forms.ValidationError(
                gettext(
                    "%(name)s saved a draft of this wording after you opened it, so yours was "
                    "not saved. Theirs reads: “%(words)s”. Yours is still below: save again "
                    "to replace theirs."
                )
                % {"name": draft.saved_by, "words": draft.text_en}
            )
        return cleaned

    text_en = forms.CharField(
        label=_("English translation (unofficial)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
    )
    translation_note_en = forms.CharField(
        label=_("Translation note (English)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
    )  # fmt: skip
    translation_note_zh_hans = forms.CharField(
        label=_("Translation note (Chinese)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
    )  # fmt: skip


class ChangeNoteForm(forms.Form):
    change_note = forms.CharField(
        label=_("Change note"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("What changed in the translation, kept in its history."),
        error_messages={"required": _("Write a change note.")},
    )


@admin.register(Paragraph)
class ParagraphAdmin(NumberSearchMixin, ImportedOnlyMixin, admin.ModelAdmin):
    """A paragraph's wordings, read only; its translation is edited as a draft, previewed,
    published with a change note and kept in a history (laws.drafts)."""

    list_display = ["__str__", "article", "number", "words"]
    number_lookups = ("article__number", "number")
    list_filter = ["article__statute", "article__chapter"]
    search_fields = ["wordings__text_zh", "wordings__text_en"]
    readonly_fields = ["article", "number"]
    list_select_related = ["article"]
    inlines = [WordingInline]
    change_form_template = "admin/laws/paragraph/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(words_now=current_text("pk"))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/translation/", view(self.translation_view),
                 name="laws_paragraph_translation"),
            path("<int:pk>/translation/preview/", view(self.preview_view),
                 name="laws_paragraph_translation_preview"),
            path("<int:pk>/translation/publish/", view(self.publish_view),
                 name="laws_paragraph_translation_publish"),
            path("<int:pk>/translation/history/", view(self.translation_history_view),
                 name="laws_paragraph_translation_history"),
            path("<int:pk>/translation/history/<int:version_pk>/restore/",
                 view(self.restore_view), name="laws_paragraph_translation_restore"),
            *super().get_urls(),
        ]  # fmt: skip

    def paragraph_for(self, request, pk: int, *, change: bool = False) -> Paragraph:
        paragraph = Paragraph.objects.select_related("article__statute").filter(pk=pk).first()
        if paragraph is None:
            raise Http404("No such paragraph.")
        allowed = (self.has_change_permission if change else self.has_view_permission)(
            request, paragraph
        )
        if not allowed:
            raise PermissionDenied
        return paragraph

    def _page(self, request, template: str, title: str, paragraph: Paragraph, **context):
        return admin_page(
            request, f"admin/laws/paragraph/{template}", title, opts=self.opts,
            paragraph=paragraph, **context,
        )  # fmt: skip

    def translation_view(self, request, pk: int):
        """Each wording's English and notes, saved as a draft readers do not see."""
        paragraph = self.paragraph_for(request, pk, change=True)
        wordings = list(paragraph.wordings.select_related("draft"))
        forms_ = [
            (wording, TranslationForm(request.POST or None, prefix=f"w{wording.pk}",
                                      wording=wording,
                                      initial=drafts.draft_or_published(wording)))
            for wording in wordings
        ]  # fmt: skip
        if request.method == "POST" and all(form.is_valid() for _, form in forms_):
            # Another's draft replaced stays in the paragraph's history, word for word.
            replaced = [
                f"{wording.draft.saved_by}'s draft of {wording.in_force_from}: "
                f"{wording.draft.text_en!r}"
                for wording, _form in forms_
                if hasattr(wording, "draft") and wording.draft.saved_by_id != request.user.pk
            ]
            waiting = [
                drafts.save_draft(wording=wording, words=form.cleaned_data, user=request.user)
                for wording, form in forms_
            ]
            if any(waiting) or replaced:
                note = f" It replaced {'; '.join(replaced)}." if replaced else ""
                self.log_change(request, paragraph, f"Translation draft saved.{note}")
                messages.success(
                    request,
                    gettext(
                        "Draft saved. Readers still see the published translation: preview "
                        "it, then publish it."
                    ),
                )
            else:
                messages.info(request, gettext("The draft says what is published: none is kept."))
            return redirect("admin:laws_paragraph_translation", paragraph.pk)
        return self._page(
            request, "translation.html",
            gettext("The translation of %(paragraph)s") % {"paragraph": paragraph}, paragraph,
            forms=forms_, has_drafts=any(hasattr(w, "draft") for w in wordings),
        )  # fmt: skip

    def preview_view(self, request, pk: int):
        """The paragraph as readers will see it once its draft is published."""
        paragraph = self.paragraph_for(request, pk)
        rows = [
            (wording, drafts.draft_or_published(wording))
            for wording in paragraph.wordings.select_related("draft")
        ]
        response = self._page(
            request, "preview.html",
            gettext("Preview of the translation of %(paragraph)s") % {"paragraph": paragraph},
            paragraph, rows=rows,
        )  # fmt: skip
        response["X-Robots-Tag"] = "noindex"
        return response

    def publish_view(self, request, pk: int):
        paragraph = self.paragraph_for(request, pk, change=True)
        shown = drafts.drafts_of(paragraph)
        form = ChangeNoteForm(request.POST or None)
        error = None
        if request.method == "POST" and form.is_valid():
            try:
                versions = drafts.publish(
                    paragraph=paragraph, user=request.user,
                    change_note=form.cleaned_data["change_note"],
                    shown=request.POST.get("shown", ""),
                )  # fmt: skip
            except drafts.DraftError as exc:
                error = str(exc)
            else:
                self.log_change(
                    request, paragraph,
                    f"Translation published: {form.cleaned_data['change_note'].strip()}",
                )  # fmt: skip
                messages.success(
                    request,
                    ngettext(
                        "Published: readers now see the new translation (%(count)d wording).",
                        "Published: readers now see the new translation (%(count)d wordings).",
                        len(versions),
                    )
                    % {"count": len(versions)},
                )
                return redirect("admin:laws_paragraph_translation_history", paragraph.pk)
        return self._page(
            request, "publish.html",
            gettext("Publish the translation of %(paragraph)s") % {"paragraph": paragraph},
            paragraph, form=form, error=error, drafts=shown,
            shown=drafts.seen(shown),
        )  # fmt: skip

    def translation_history_view(self, request, pk: int):
        """Every published translation of the paragraph's wordings, each compared with the
        one before it."""
        paragraph = self.paragraph_for(request, pk)
        versions = list(
            TranslationVersion.objects.filter(wording__paragraph=paragraph)
            .select_related("wording", "published_by")
            .order_by("wording__in_force_from", "-number")
        )
        earlier = {(v.wording_id, v.number): v for v in versions}
        shown = [
            (version, earlier.get((version.wording_id, version.number - 1))) for version in versions
        ]
        rows = [
            (version, inline_diff(before.text_en, version.text_en, by_words=True)
             if before else None)
            for version, before in shown
        ]  # fmt: skip
        return self._page(
            request, "history.html",
            gettext("Published translations of %(paragraph)s") % {"paragraph": paragraph},
            paragraph, rows=rows, may_restore=self.has_change_permission(request, paragraph),
        )  # fmt: skip

    def restore_view(self, request, pk: int, version_pk: int):
        paragraph = self.paragraph_for(request, pk, change=True)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = get_object_or_404(
            TranslationVersion.objects.select_related("wording"),
            pk=version_pk, wording__paragraph=paragraph,
        )  # fmt: skip
        replaced = getattr(version.wording, "draft", None)
        drafts.restore(version=version, user=request.user)
        note = (
            f" It replaced {replaced.saved_by}'s draft: {replaced.text_en!r}."
            if replaced is not None
            else ""
        )
        self.log_change(
            request, paragraph, f"Translation version {version.number} restored as the draft.{note}"
        )
        messages.success(
            request,
            gettext(
                "The words of version %(number)d are the draft now: check them, then publish "
                "them to put them back on the site."
            )
            % {"number": version.number},
        )
        return redirect("admin:laws_paragraph_translation", paragraph.pk)

    @admin.display(description=_("words in force"))
    def words(self, paragraph: Paragraph) -> str:
        return short(paragraph.words_now)
