"""Editors maintain a guide on one screen: its steps, their items and its citations."""

import nested_admin
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from markdownx.widgets import AdminMarkdownxWidget
from nested_admin.formsets import NestedInlineFormSet

import regions.converters  # noqa: F401 - registers <region:…> for the preview URLs
from editorial.concurrency import ConcurrentEditAdminMixin
from guides import publishing
from guides.models import Citation, Guide, GuideVersion, Material, PaymentMethod, Step
from guides.publishing import PARKED
from guides.views import _with_content, render_guide
from laws.models import Article, Paragraph
from regions.models import Region
from regions.views import get_region_or_404, regions_with_local_content

MARKDOWN_WIDGETS = {"body": AdminMarkdownxWidget, "summary": AdminMarkdownxWidget}


class MarkdownPreviewMixin:
    """Markdown fields get markdownx's live preview, rendered by the site's own renderer."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in MARKDOWN_WIDGETS:
            kwargs["widget"] = MARKDOWN_WIDGETS[db_field.name]
        return super().formfield_for_dbfield(db_field, request, **kwargs)


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
    view_on_site = False  # a draft's rows have no page of their own
    formset = OrderedFormSet
    form = OrderedForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == self.sortable_field_name:
            kwargs["widget"] = PositionInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CitationInlineBase(SortableInlineMixin, nested_admin.NestedStackedInline):
    model = Citation
    extra = 0
    fields = ["position", "article", "paragraph", "note"]
    sortable_field_name = "position"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Plain selects: select2's autocomplete leaves an empty choice without an
        # accessible name. Each label needs its article and statute, so join them.
        if db_field.name == "article":
            kwargs["queryset"] = Article.objects.select_related("statute")
        if db_field.name == "paragraph":
            kwargs["queryset"] = Paragraph.objects.select_related("article")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class LegalBasisInline(CitationInlineBase):
    fk_name = "guide"
    verbose_name = "legal basis citation"
    verbose_name_plural = "legal basis"


class StepCitationInline(CitationInlineBase):
    fk_name = "step"


class MaterialInline(SortableInlineMixin, nested_admin.NestedStackedInline):
    model = Material
    extra = 0
    fields = ["position", "name", "original", "photocopy", "condition", "notes"]
    sortable_field_name = "position"


class PaymentMethodInline(SortableInlineMixin, nested_admin.NestedStackedInline):
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


class DraftFilter(admin.SimpleListFilter):
    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("guides", "Guides"), ("drafts", "Drafts")]

    def queryset(self, request, queryset):
        if self.value() == "drafts":
            return queryset.filter(draft_of__isnull=False)
        if self.value() == "guides":
            return queryset.filter(draft_of__isnull=True)
        return queryset


class PublishForm(forms.Form):
    change_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="What changed, in a sentence readers understand.",
        error_messages={"required": "Write a change note."},
    )
    major_change = forms.BooleanField(
        required=False,
        label="Major change",
        help_text="Major changes are listed in the page history citizens see.",
    )
    publish_at = forms.DateTimeField(
        required=False,
        label="Publish at (optional)",
        help_text="Leave empty to publish now, or give a later date and time (YYYY-MM-DD HH:MM).",
        error_messages={"invalid": "Give the date and time as YYYY-MM-DD HH:MM."},
    )


@admin.register(Guide)
class GuideAdmin(ConcurrentEditAdminMixin, MarkdownPreviewMixin, nested_admin.NestedModelAdmin):
    """Guides, their drafts, publication and history.

    A published guide is read-only here: editors change it in a draft (one per
    guide), preview the draft as citizens will see it, and publish it with a
    change note, now or at a set time.
    """

    list_display = ["__str__", "slug", "is_published", "draft_state", "updated_at"]
    actions = ["withdraw"]
    list_filter = [DraftFilter, "is_published"]
    search_fields = ["title", "short_answer", "steps__title", "steps__body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["is_published"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "short_answer", "is_published", "last_reviewed"]}),
        ("Summary and source", {"fields": ["summary", "source"]}),
    ]
    inlines = [StepInline, LegalBasisInline]
    change_form_template = "admin/guides/guide/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("draft_of")

    def view_on_site(self, guide: Guide) -> str:
        if guide.is_published and guide.draft_of_id is None:
            return guide.get_absolute_url()
        return reverse("admin:guides_guide_preview", args=[guide.pk])

    @admin.display(description="draft")
    def draft_state(self, guide: Guide) -> str:
        if guide.draft_of_id:
            return "Draft of a published guide"
        return "—"

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_published and obj.draft_of_id is None:
            return False  # changed through a draft, so every change is published and recorded
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_published:
            return False  # unpublish first; its history is kept
        if obj is not None and any(
            publishing.has_local_variations(step) for step in obj.steps.all()
        ):
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("guides.publish_guide")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # guides are deleted one by one, after a check
        return actions

    @admin.action(description="Withdraw the selected guides from the site", permissions=["publish"])
    def withdraw(self, request, queryset) -> None:
        guides = list(queryset.filter(is_published=True, draft_of__isnull=True))
        for guide in guides:
            guide.is_published = False
            guide.save(update_fields=["is_published", "updated_at"])
            self.log_change(request, guide, "Withdrawn from the site.")
        self.message_user(request, f"Withdrew {len(guides)} guide(s); their history is kept.")

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None and obj.draft_of_id else self.prepopulated_fields

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.draft_of_id:
            return ["slug", "is_published"]  # a published address never changes
        return self.readonly_fields

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["draft"] = obj.drafts.first() if obj.draft_of_id is None else None
            context["can_publish"] = self.has_publish_permission(request)
            context["can_draft"] = super().has_change_permission(request)
            context["preview_regions"] = Region.objects.filter(
                code__in=regions_with_local_content()
            ).select_related("parent")
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/draft/", view(self.draft_view), name="guides_guide_draft"),
            path("<int:pk>/preview/", view(self.preview_view), name="guides_guide_preview"),
            path(
                "<int:pk>/preview/<region:region>/",
                view(self.preview_view),
                name="guides_guide_preview_region",
            ),
            path("<int:pk>/publish/", view(self.publish_view), name="guides_guide_publish"),
            path("<int:pk>/discard/", view(self.discard_view), name="guides_guide_discard"),
            path("<int:pk>/versions/", view(self.versions_view), name="guides_guide_versions"),
            path("deleted/", view(self.deleted_view), name="guides_guide_deleted"),
            path(
                "deleted/<int:version_pk>/restore/",
                view(self.restore_deleted_view),
                name="guides_guide_restore_deleted",
            ),
            path(
                "<int:pk>/versions/<int:number>/restore/",
                view(self.restore_view),
                name="guides_guide_restore",
            ),
            *super().get_urls(),
        ]

    def _guide(self, request, pk: int, *, permission: str = "view") -> Guide:
        guide = Guide.objects.select_related("draft_of").filter(pk=pk).first()
        if guide is None:
            raise Http404("No such guide.")
        allowed = {
            "view": self.has_view_permission(request, guide),
            "draft": super().has_change_permission(request),
            "publish": self.has_publish_permission(request),
        }[permission]
        if not allowed:
            raise PermissionDenied
        return guide

    def _page(self, request, template: str, title: str, guide: Guide | None, **extra):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "guide": guide,
            **extra,
        }
        return TemplateResponse(request, f"admin/guides/guide/{template}", context)

    def draft_view(self, request, pk: int):
        """Open the guide's draft, creating it from the published guide if there is none."""
        guide = self._guide(request, pk, permission="draft")
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        live = guide.draft_of or guide
        draft = publishing.start_draft(guide=live)
        self.log_change(request, live, "Draft started.")
        return redirect("admin:guides_guide_change", draft.pk)

    def preview_view(self, request, pk: int, region: str | None = None):
        guide = self._guide(request, pk)
        place = get_region_or_404(region) if region else None
        if "region" in request.GET:
            path_ = request.GET["region"]
            if path_:
                return redirect("admin:guides_guide_preview_region", pk, path_)
            return redirect("admin:guides_guide_preview", pk)
        guide = get_object_or_404(_with_content(Guide.objects.all()), pk=guide.pk)
        response = render_guide(request, guide, place, preview=True)
        response["X-Robots-Tag"] = "noindex"
        return response

    def publish_view(self, request, pk: int):
        guide = self._guide(request, pk, permission="publish")
        form = PublishForm(request.POST or None)
        error = None
        if request.method == "POST" and form.is_valid():
            try:
                version = publishing.publish(
                    guide=guide,
                    user=request.user,
                    change_note=form.cleaned_data["change_note"],
                    major=form.cleaned_data["major_change"],
                    at=form.cleaned_data["publish_at"],
                )
            except publishing.PublishError as exc:
                error = str(exc)
            else:
                live = guide.draft_of or guide
                if version is None:
                    when = form.cleaned_data["publish_at"]
                    messages.success(
                        request, f"Scheduled: it goes live on {when:%d %B %Y at %H:%M}."
                    )
                    return redirect("admin:guides_guide_change", guide.pk)
                self.log_change(request, live, f"Published: {version.change_note}")
                messages.success(request, f"Published version {version.number} of {live}.")
                return redirect("admin:guides_guide_versions", live.pk)
        return self._page(
            request, "publish.html", f"Publish {guide}", guide, form=form, error=error
        )

    def discard_view(self, request, pk: int):
        guide = self._guide(request, pk, permission="draft")
        if guide.draft_of_id is None:
            raise Http404("Only a draft can be discarded.")
        if request.method == "POST":
            live = guide.draft_of
            publishing.discard_draft(draft=guide)
            self.log_change(request, live, "Draft discarded.")
            messages.success(request, "The draft was discarded; the published guide is unchanged.")
            return redirect("admin:guides_guide_change", live.pk)
        return self._page(request, "discard.html", f"Discard the draft of {guide.draft_of}", guide)

    def deleted_view(self, request):
        """Deleted guides, from the versions they leave behind, to be restored."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        versions = publishing.deleted_guides()
        return self._page(request, "deleted.html", "Deleted guides", None, versions=versions)

    def restore_deleted_view(self, request, version_pk: int):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = get_object_or_404(GuideVersion, pk=version_pk, guide=None)
        try:
            guide = publishing.restore_deleted(version=version)
        except publishing.PublishError as exc:
            messages.error(request, str(exc))
            return redirect("admin:guides_guide_deleted")
        self.log_addition(request, guide, f"Restored from version {version.number}.")
        messages.success(
            request,
            f"{guide} is back as it was in version {version.number}, unpublished: check it, "
            "then publish it.",
        )
        return redirect("admin:guides_guide_change", guide.pk)

    def versions_view(self, request, pk: int):
        guide = self._guide(request, pk)
        live = guide.draft_of or guide
        versions = list(live.versions.select_related("published_by"))
        by_number = {version.number: version for version in versions}
        compared = None
        a, b = request.GET.get("a", ""), request.GET.get("b", "")
        if a or b:
            before = by_number.get(int(a)) if a.isdigit() else None
            after = by_number.get(int(b)) if b.isdigit() else None
            if before is None or after is None:
                messages.error(request, "Choose two versions to compare.")
            else:
                compared = (before, after, publishing.compare(before.data, after.data))
        return self._page(
            request, "versions.html", f"History of {live}", live,
            versions=versions, compared=compared, draft=live.drafts.first(),
        )  # fmt: skip

    def restore_view(self, request, pk: int, number: int):
        guide = self._guide(request, pk, permission="draft")
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        live = guide.draft_of or guide
        version = get_object_or_404(live.versions, number=number)
        if live.drafts.exists():
            messages.error(request, "Publish or discard the current draft before restoring.")
            return redirect("admin:guides_guide_versions", live.pk)
        draft = publishing.start_draft(guide=live, data=version.data)
        self.log_change(request, live, f"Version {number} restored as a draft.")
        messages.success(
            request, f"Version {number} is now a draft: check it, then publish it to restore it."
        )
        return redirect("admin:guides_guide_change", draft.pk)
