"""Editors maintain a guide on one screen: its steps, their items and its citations."""

import nested_admin
from django import forms
from django.contrib import admin
from markdownx.widgets import AdminMarkdownxWidget
from nested_admin.formsets import NestedInlineFormSet

from editorial.concurrency import ConcurrentEditAdminMixin
from guides.models import Citation, Guide, Material, PaymentMethod, Step

MARKDOWN_WIDGETS = {"body": AdminMarkdownxWidget, "summary": AdminMarkdownxWidget}


class MarkdownPreviewMixin:
    """Markdown fields get markdownx's live preview, rendered by the site's own renderer."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in MARKDOWN_WIDGETS:
            kwargs["widget"] = MARKDOWN_WIDGETS[db_field.name]
        return super().formfield_for_dbfield(db_field, request, **kwargs)


# Positions are parked this far up while an inline saves, so that no row on its
# way to a new place collides with another on the unique (parent, position).
PARKED = 10_000


class PositionInput(forms.NumberInput):
    """A position as nested-admin's sorting reads it. Its template filter crashes on a
    position that is not a whole number, so a malformed one counts as missing and the
    form says so instead."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return value if isinstance(value, str) and value.strip().lstrip("-").isdigit() else ""


class OrderedFormSet(NestedInlineFormSet):
    """Saves rows in the order the editor arranged them, numbered 1, 2, 3….

    nested-admin renumbers from 0 and saves row by row, which breaks both the
    "position is at least 1" check and, when rows swap places, the unique
    position per parent. Here every row is first saved at a parked position
    and then moved to its final number.
    """

    def process_forms_pre_save(self, forms):
        field = self.sortable_field_name

        def arranged(form):
            return (getattr(form, "cleaned_data", None) or {}).get(field) or 0

        forms.sort(key=arranged)
        number = 0
        for form in forms:
            form._final_position = None
            if self._should_delete_form(form):
                continue
            if not form._is_initial and not form.has_changed():
                continue  # a blank extra form: not saved
            number += 1
            form._final_position = number
            setattr(form.instance, field, PARKED + number)
            data = form.data.copy()
            data[form.add_prefix(field)] = str(PARKED + number)
            form.data = data
            form.__dict__.pop("changed_data", None)
        return forms

    def save(self, commit=True):
        saved = super().save(commit)
        if commit:
            field = self.sortable_field_name
            manager = self.model._default_manager
            for form in self.forms:
                final = getattr(form, "_final_position", None)
                if final is not None and form.instance.pk is not None:
                    manager.filter(pk=form.instance.pk).update(**{field: final})
                    setattr(form.instance, field, final)
        return saved


class OrderedForm(forms.ModelForm):
    """A row of an ordered inline. The position it posts only says where the row goes
    (nested-admin's script counts from 0); the stored number is assigned on save, so
    the model's checks on it are left to OrderedFormSet."""

    def _get_validation_exclusions(self):
        return {*super()._get_validation_exclusions(), "position"}


class SortableInlineMixin:
    sortable_field_name = "position"
    formset = OrderedFormSet
    form = OrderedForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == self.sortable_field_name:
            kwargs["widget"] = PositionInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CitationInlineBase(SortableInlineMixin, nested_admin.NestedTabularInline):
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


class MaterialInline(SortableInlineMixin, nested_admin.NestedTabularInline):
    model = Material
    extra = 0
    fields = ["position", "name", "original", "photocopy", "condition", "notes"]
    sortable_field_name = "position"


class PaymentMethodInline(SortableInlineMixin, nested_admin.NestedTabularInline):
    model = PaymentMethod
    extra = 0
    fields = ["position", "kind", "name", "description", "where", "you_need"]
    sortable_field_name = "position"


class StepInline(SortableInlineMixin, MarkdownPreviewMixin, nested_admin.NestedStackedInline):
    model = Step
    extra = 0
    fields = ["position", "kind", "title", "body"]
    sortable_field_name = "position"
    inlines = [MaterialInline, PaymentMethodInline, StepCitationInline]


@admin.register(Guide)
class GuideAdmin(ConcurrentEditAdminMixin, MarkdownPreviewMixin, nested_admin.NestedModelAdmin):
    list_display = ["title", "slug", "is_published", "last_reviewed", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "short_answer", "steps__title", "steps__body"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "short_answer", "is_published", "last_reviewed"]}),
        ("Summary and source", {"fields": ["summary", "source"]}),
    ]
    inlines = [StepInline, LegalBasisInline]
