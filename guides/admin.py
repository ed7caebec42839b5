"""Editors maintain a guide on one screen: its steps, their items and its citations."""

import nested_admin
from django.contrib import admin
from markdownx.widgets import AdminMarkdownxWidget

from guides.models import Citation, Guide, Material, PaymentMethod, Step

MARKDOWN_WIDGETS = {"body": AdminMarkdownxWidget, "summary": AdminMarkdownxWidget}


class MarkdownPreviewMixin:
    """Markdown fields get markdownx's live preview, rendered by the site's own renderer."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in MARKDOWN_WIDGETS:
            kwargs["widget"] = MARKDOWN_WIDGETS[db_field.name]
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CitationInlineBase(nested_admin.NestedTabularInline):
    model = Citation
    extra = 0
    fields = ["position", "article", "paragraph", "note"]
    autocomplete_fields = ["article", "paragraph"]
    sortable_field_name = "position"


class LegalBasisInline(CitationInlineBase):
    fk_name = "guide"
    verbose_name = "legal basis citation"
    verbose_name_plural = "legal basis"


class StepCitationInline(CitationInlineBase):
    fk_name = "step"


class MaterialInline(nested_admin.NestedTabularInline):
    model = Material
    extra = 0
    fields = ["position", "name", "original", "photocopy", "condition", "notes"]
    sortable_field_name = "position"


class PaymentMethodInline(nested_admin.NestedTabularInline):
    model = PaymentMethod
    extra = 0
    fields = ["position", "kind", "name", "description", "where", "you_need"]
    sortable_field_name = "position"


class StepInline(MarkdownPreviewMixin, nested_admin.NestedStackedInline):
    model = Step
    extra = 0
    fields = ["position", "kind", "title", "body"]
    sortable_field_name = "position"
    inlines = [MaterialInline, PaymentMethodInline, StepCitationInline]


@admin.register(Guide)
class GuideAdmin(MarkdownPreviewMixin, nested_admin.NestedModelAdmin):
    list_display = ["title", "slug", "is_published", "last_reviewed", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "short_answer", "steps__title", "steps__body"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "short_answer", "is_published", "last_reviewed"]}),
        ("Summary and source", {"fields": ["summary", "source"]}),
    ]
    inlines = [StepInline, LegalBasisInline]
