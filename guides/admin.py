"""Editors maintain a guide on one screen: its steps, their items and its citations."""

import re

import nested_admin
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Q, Subquery, prefetch_related_objects
from django.forms.formsets import DELETION_FIELD_NAME, INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.forms.utils import flatatt
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from markdownx.widgets import AdminMarkdownxWidget
from nested_admin.formsets import NestedInlineFormSet

from editorial import links
from guides import drafts, lawchanges, publishing, tree
from guides.models import (
    Citation,
    Guide,
    GuideVersion,
    Material,
    PaymentMethod,
    SavedDraft,
    Step,
)
from guides.views import GuidePage, working_copy
from laws.models import Article, Paragraph
from portal.adminpages import admin_page
from portal.concurrency import ConcurrencyCheckedForm, ConcurrentEditAdminMixin, others_editing
from regions.converters import RegionPathConverter  # also registers <region:…> for the URLs
from regions.views import get_region_or_404

MARKDOWN_WIDGETS = {
    "body": AdminMarkdownxWidget,
    "summary": AdminMarkdownxWidget,
    "editors_note": AdminMarkdownxWidget,
}
# ASCII digits only: int() also reads "٣" (3) and "1_0" (10), and raises on "²", which
# str.isdigit() lets through. Eighteen digits fit any id.
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,18}")
NOT_THIS_GUIDE = _(
    "A row here is not part of this guide (it may have been deleted meanwhile). "
    "Reload the page and make your change again."
)
CHANGED_ON_ITS_WAY = _("This form was changed on its way here. Reload the page and try again.")


def whole_number(value: str) -> int | None:
    """The number written in value, if it is a whole number in ASCII digits."""
    value = value.strip()
    return int(value) if WHOLE_NUMBER.fullmatch(value) else None


class MarkdownPreviewMixin:
    """Markdown fields get markdownx's live preview, rendered by the site's own renderer."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A field's column for one language (body_zh_hans) gets the field's widget.
        name = getattr(db_field, "translated_field", db_field).name
        if name in MARKDOWN_WIDGETS:
            kwargs["widget"] = MARKDOWN_WIDGETS[name]
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class PositionInput(forms.NumberInput):
    """A position as nested-admin's sorting reads it. Its template filter crashes on a
    position that is not a whole number, so a malformed one counts as missing and the
    form says so instead."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        number = whole_number(value) if isinstance(value, str) else None
        return "" if number is None else str(number)


class OrderedFormSet(NestedInlineFormSet):
    """Saves rows in the order the editor arranged them, numbered 1, 2, 3….

    nested-admin renumbers from 0, which breaks the "position is at least 1"
    check: here the rows are numbered again, in their order, before saving.

    The posted counts and ids are checked too: the rows built are capped (by
    ``absolute_max``, set per inline), and every id posted must name a row of
    the guide being edited.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Translators: %(items)s is the plural name of the rows, e.g. "steps"; %(num)d is
        # always more than one.
        message = gettext("Keep to at most %(num)d %(items)s.") % {
            "num": self.max_num,
            "items": self.model._meta.verbose_name_plural,
        }
        # Django fills in %(num)d again when it uses the message: nothing is left to fill.
        self.error_messages["too_many_forms"] = message.replace("%", "%%")

    def initial_form_count(self):
        count = super().initial_form_count()
        # nested-admin reads the posted id of each initial row: a forged count of
        # millions would keep it reading for minutes.
        return min(count, self.total_form_count()) if self.is_bound else count

    def _rows_of_this_guide(self):
        """The rows posted ids may name: this guide's, under the same kind of parent
        (nested-admin lets editors drag a row from one step to another)."""
        parent = self.instance
        rows = self.model._default_manager.all()
        if isinstance(parent, Guide):
            guide, lookup = parent.pk, self.fk.name
        else:
            guide, lookup = parent.guide_id, f"{self.fk.name}__guide"
        return rows.none() if guide is None else rows.filter(**{lookup: guide})

    def get_queryset(self):
        if not self.is_bound:
            return super().get_queryset()  # the parent's own rows, as Django reads them
        # nested-admin's own looks the posted ids up among every row of the model, so that
        # a row dragged to another step is found; a row of another guide would be edited,
        # moved here or deleted, and an id that is not a number fails.
        pk_name = self.model._meta.pk.name
        posted = [
            self.data.get(f"{self.add_prefix(index)}-{pk_name}") or ""
            for index in range(self.initial_form_count())
        ]
        return self._rows_of_this_guide().filter(pk__in=set(map(whole_number, posted)) - {None})

    def clean(self):
        super().clean()
        counts = self.management_form.cleaned_data
        if counts[INITIAL_FORM_COUNT] > counts[TOTAL_FORM_COUNT]:
            raise ValidationError(CHANGED_ON_ITS_WAY, code="tampered")
        pk_name = self.model._meta.pk.name
        posted = [form.data.get(form.add_prefix(pk_name)) for form in self.forms]
        ids = [whole_number(raw) for raw in posted if raw]
        if len(set(ids)) < len(ids):
            raise ValidationError(CHANGED_ON_ITS_WAY, code="tampered")  # one row, twice
        if None in ids or len(ids) > self._rows_of_this_guide().filter(pk__in=ids).count():
            raise ValidationError(NOT_THIS_GUIDE, code="not_this_guide")

    def _should_delete_form(self, form):
        # A row under a step being deleted goes with it, as nested-admin's script marks it:
        # saved on its own, it would point at the deleted step.
        parent = getattr(self, "parent_form", None)
        return super()._should_delete_form(form) or (
            parent is not None
            and DELETION_FIELD_NAME in parent.fields
            and bool(parent[DELETION_FIELD_NAME].data)
        )

    def full_clean(self):
        super().full_clean()
        self._untie_positions()

    def _untie_positions(self):
        """When the form is shown again, nested-admin's template sorts its rows by the
        positions posted, and fails on a tie (it then compares the rows themselves): rows
        posted with the same position are shown in the order they were posted."""
        names = [form.add_prefix(self.sortable_field_name) for form in self.forms]
        numbered = [
            (number, index)
            for index, name in enumerate(names)
            if (number := whole_number(self.data.get(name) or "")) is not None and number >= 0
        ]
        if len({number for number, _ in numbered}) == len(numbered):
            return
        data = self.data.copy()
        for rank, (_number, index) in enumerate(sorted(numbered)):
            data[names[index]] = str(rank)
        for form in self.forms:
            form.data = data

    def process_forms_pre_save(self, forms):
        field = self.sortable_field_name

        def arranged(form):
            return (getattr(form, "cleaned_data", None) or {}).get(field) or 0

        forms.sort(key=arranged)
        number = 0
        data = self.data.copy()  # once for all rows: each copy is the whole request
        for form in forms:
            if self._should_delete_form(form):
                continue
            if not form._is_initial and not form.has_changed():
                continue  # a blank extra form: not saved
            number += 1
            setattr(form.instance, field, number)
            data[form.add_prefix(field)] = str(number)
            form.data = data
            form.__dict__.pop("changed_data", None)
        return forms


class OrderedForm(forms.ModelForm):
    """A row of an ordered inline. The position it posts only says where the row goes
    (nested-admin's script counts from 0); the stored number is assigned on save, so
    the model's checks on it are left to OrderedFormSet."""

    def _get_validation_exclusions(self):
        return {*super()._get_validation_exclusions(), "position"}


class SortableInlineMixin:
    sortable_field_name = "position"
    view_on_site = False  # a working copy's rows have no page of their own
    formset = OrderedFormSet
    form = OrderedForm
    max_num: int  # each inline's own, several times what a real guide holds

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == self.sortable_field_name:
            kwargs["widget"] = PositionInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        # Django builds as many rows as are posted, up to absolute_max (1,000 past max_num
        # unless told), each step with its own nested rows: a forged count stalls a worker.
        return super().get_formset(request, obj, absolute_max=self.max_num, **kwargs)


class PlainSelect(forms.Select):
    """A select whose options are written out directly, not each through a template. A
    guide's form has every article and paragraph in each citation form (several thousand
    options), and drawing each option as a template took most of the page's second."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    option["value"],
                    mark_safe(" selected") if option["selected"] else "",
                    option["label"],
                )
                for _, group, _ in widget["optgroups"]
                for option in group
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


class ListedChoices(BaseChoiceIterator):
    """A model's choices, read from the database the first time they are shown and then
    kept: shared by every form of a formset, so the query runs once, not once a form."""

    def __init__(self, choices):
        self.choices = choices
        self.items = None

    def __iter__(self):
        if self.items is None:
            self.items = list(self.choices)
        yield from self.items


class ListedChoiceField(forms.ModelChoiceField):
    """Every citation form offers the same articles and paragraphs: read them once. Each
    is named with its statute, as the same article number is in each statute held."""

    listed = None  # copied with the field into each form, so shared by all of them

    def label_from_instance(self, obj) -> str:
        article = obj if isinstance(obj, Article) else obj.article
        # Translators: a statute's Chinese title, and one of its articles or paragraphs:
        # "中华人民共和国社会保险法 — Article 60(2)".
        return gettext("%(statute)s — %(part)s") % {
            "statute": article.statute.title_zh,
            "part": obj,
        }

    @property
    def choices(self):
        if self.listed is None:
            self.listed = ListedChoices(super().choices)
        return self.listed

    @choices.setter
    def choices(self, value):
        forms.ChoiceField.choices.fset(self, value)


class CitationInlineBase(SortableInlineMixin, nested_admin.NestedStackedInline):
    model = Citation
    extra = 0
    fields = tree.fields(Citation)
    sortable_field_name = "position"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Plain selects: select2's autocomplete leaves an empty choice without an
        # accessible name. Each label needs its article and statute, so join them.
        if db_field.name == "article":
            kwargs["queryset"] = Article.objects.select_related("statute").order_by(
                "statute__slug", "number"
            )
            kwargs |= {"widget": PlainSelect, "form_class": ListedChoiceField}
        if db_field.name == "paragraph":
            kwargs["queryset"] = Paragraph.objects.select_related("article__statute").order_by(
                "article__statute__slug", "article__number", "number"
            )
            kwargs |= {"widget": PlainSelect, "form_class": ListedChoiceField}
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class LegalBasisInline(CitationInlineBase):
    fk_name = "guide"
    max_num = 10
    verbose_name = _("legal basis citation")
    verbose_name_plural = _("legal basis")


class StepCitationInline(CitationInlineBase):
    fk_name = "step"
    max_num = 5


class MaterialInline(SortableInlineMixin, nested_admin.NestedStackedInline):
    model = Material
    extra = 0
    fields = tree.fields(Material)
    sortable_field_name = "position"
    max_num = 20


class PaymentMethodInline(SortableInlineMixin, nested_admin.NestedStackedInline):
    model = PaymentMethod
    extra = 0
    fields = tree.fields(PaymentMethod)
    sortable_field_name = "position"
    max_num = len(PaymentMethod.Kind)  # one of each kind per step


class StepInline(SortableInlineMixin, MarkdownPreviewMixin, nested_admin.NestedStackedInline):
    model = Step
    extra = 0
    fields = tree.fields(Step)
    sortable_field_name = "position"
    max_num = 15
    inlines = [MaterialInline, PaymentMethodInline, StepCitationInline]


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("published", gettext("On the site")), ("unpublished", gettext("Not on the site"))]

    def queryset(self, request, queryset):
        on_site = GuideVersion.objects.current().values("guide")
        if self.value() == "published":
            return queryset.filter(pk__in=on_site)
        if self.value() == "unpublished":
            return queryset.exclude(pk__in=on_site)
        return queryset


class TranslationFilter(admin.SimpleListFilter):
    """Rows with a translation to check, or with a text written in one language only.
    Shared by the admins of guides and of local items, which say how a row is read."""

    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [
            ("to_check", gettext("May be out of date")),
            ("one_language", gettext("Written in one language only")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "to_check":
            return queryset.exclude(translations_to_check=[])
        if self.value() == "one_language":
            return queryset.filter(pk__in=self.one_language(queryset))
        return queryset

    @staticmethod
    def one_language(queryset) -> list[int]:
        """The rows with a text in one language only, in any of their parts: worked out
        here, not in SQL, since a guide's texts are in its steps and items too."""
        guides = list(queryset)
        prefetch_related_objects(guides, *tree.lookups())
        return [guide.pk for guide in guides if tree.not_translated(tree.data(guide))]


class PublishForm(forms.Form):
    change_note = forms.CharField(
        label=_("Change note"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("What changed, in a sentence readers understand."),
        error_messages={"required": _("Write a change note.")},
    )
    major_change = forms.BooleanField(
        required=False,
        label=_("Major change"),
        help_text=_("Major changes are listed in the page history citizens see."),
    )
    publish_at = forms.DateTimeField(
        required=False,
        label=_("Publish at (optional)"),
        # A native date and time picker, so it needs no JavaScript; browsers without one show
        # a text box taking the same YYYY-MM-DD HH:MM.
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=format_lazy(
            _(
                "Leave empty to publish now, or give a later date and time (YYYY-MM-DD HH:MM), "
                "in {zone} time."
            ),
            zone=settings.TIME_ZONE,
        ),
        error_messages={"invalid": _("Give the date and time as YYYY-MM-DD HH:MM.")},
    )

    def clean_publish_at(self):
        at = self.cleaned_data["publish_at"]
        if at is not None and at <= timezone.now():
            # A typo in the year must not publish at once.
            raise forms.ValidationError(
                gettext("Choose a time in the future, or leave it empty to publish now.")
            )
        return at


class GuideForm(ConcurrencyCheckedForm):
    """A guide's own fields; on a conflict, it also finds what the other editor changed in
    the whole guide (its steps and their items too) since the draft this one opened."""

    conflict: list[publishing.Difference] | None = None

    def _conflict_message(self, current) -> str:
        self.conflict = drafts.changed_since(current, self.cleaned_data.get("edit_revision"))
        return super()._conflict_message(current)


@admin.register(Guide)
class GuideAdmin(ConcurrentEditAdminMixin, MarkdownPreviewMixin, nested_admin.NestedModelAdmin):
    """Guides, their publication and history.

    Editors change the guide here as often as they like: citizens read its published
    versions, never these rows (guides.publishing). An editor previews the guide as
    citizens will see it and publishes it with a change note, now or at a set time.
    """

    list_display = ["title", "slug", "on_site", "updated_at"]
    actions = ["withdraw"]
    list_filter = [StateFilter, TranslationFilter]
    search_fields = [
        *tree.in_each_language("title"),
        *tree.in_each_language("short_answer"),
        *tree.in_each_language("steps__title"),
        *tree.in_each_language("steps__body"),
    ]
    prepopulated_fields = {"slug": ["title_en"]}
    readonly_fields = ["state"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    tuple(tree.in_each_language("title")),
                    "slug",
                    tuple(tree.in_each_language("short_answer")),
                    "state",
                    "last_reviewed",
                ]
            },
        ),
        (
            _("Summary and source"),
            {
                "fields": [
                    tuple(tree.in_each_language("summary")),
                    tuple(tree.in_each_language("editors_note")),
                    tuple(tree.in_each_language("source")),
                ]
            },
        ),
    ]
    inlines = [StepInline, LegalBasisInline]
    form = GuideForm
    change_form_template = "admin/guides/guide/change_form.html"

    def view_on_site(self, guide: Guide) -> str:
        current = publishing.current_version(guide)
        if current is not None:
            return current.get_absolute_url()
        return reverse("admin:guides_guide_preview", args=[guide.pk])

    def get_queryset(self, request):
        current = GuideVersion.objects.current().filter(guide=OuterRef("pk")).values("number")
        scheduled = (
            GuideVersion.objects.scheduled()
            .filter(guide=OuterRef("pk"))
            .order_by("published_at")
            .values("number")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                current_number=Subquery(current[:1]), scheduled_number=Subquery(scheduled[:1])
            )
        )

    @admin.display(description=_("on the site"))
    def on_site(self, guide: Guide) -> str:
        """For the list: two numbers read with the guides, not a query per row."""
        numbers = {"current": guide.current_number, "scheduled": guide.scheduled_number}
        if guide.current_number and guide.scheduled_number:
            return gettext("Version %(current)d; version %(scheduled)d scheduled") % numbers
        if guide.current_number:
            return gettext("Version %(current)d") % numbers
        if guide.scheduled_number:
            # Translators: the guides list's "on the site" column: not on the site yet, but a
            # version is scheduled to go live.
            return gettext("No; version %(scheduled)d scheduled") % numbers
        return gettext("No")

    @staticmethod
    def standing(guide: Guide) -> publishing.Standing:
        """Where the guide stands, worked out once for its screen: the "state" field and the
        tools both show it, and comparing the working copy with its version reads the whole
        guide."""
        if "_standing" not in guide.__dict__:
            guide._standing = publishing.standing(guide)
        return guide._standing

    @admin.display(description=_("state"))
    def state(self, guide: Guide) -> str:
        if guide.pk is None:
            return gettext("Not published yet")
        standing = self.standing(guide)
        current, scheduled = standing.current, standing.scheduled
        values = {"current": current.number if current else None}
        if scheduled:
            values["scheduled"] = scheduled.number
            values["when"] = date_format(timezone.localtime(scheduled.published_at), "d F Y, H:i")
            if current:
                return (
                    gettext(
                        "On the site: version %(current)d; "
                        "version %(scheduled)d scheduled for %(when)s"
                    )
                    % values
                )
            return gettext("Not on the site; version %(scheduled)d scheduled for %(when)s") % values
        if standing.unpublished_changes:
            if current:
                return (
                    gettext("On the site: version %(current)d; with changes not yet published")
                    % values
                )
            return gettext("Not on the site; with changes not yet published")
        if current:
            return gettext("On the site: version %(current)d") % values
        return gettext("Not on the site")

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and (
            publishing.current_version(obj) or publishing.scheduled_version(obj)
        ):
            return False  # withdraw it first (which takes back a scheduled version)
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("guides.publish_guide")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # guides are deleted one by one, after a check
        return actions

    @admin.action(
        description=_("Withdraw the selected guides from the site"), permissions=["publish"]
    )
    def withdraw(self, request, queryset) -> None:
        on_site = queryset.filter(
            Q(pk__in=GuideVersion.objects.current().values("guide"))
            | Q(pk__in=GuideVersion.objects.scheduled().values("guide"))
        )
        guides = list(on_site)
        for guide in guides:
            unscheduled = publishing.withdraw(guide=guide)
            note = " Its scheduled version was taken back." if unscheduled else ""
            self.log_change(request, guide, "Withdrawn from the site." + note)
        self.message_user(
            request,
            ngettext(
                "Withdrew %(count)d guide; its history is kept.",
                "Withdrew %(count)d guides; their history is kept.",
                len(guides),
            )
            % {"count": len(guides)},
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.versions.exists():
            return ["slug", "state"]  # a published address never changes
        return self.readonly_fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None and obj.versions.exists() else self.prepopulated_fields

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["can_publish"] = self.has_publish_permission(request)
            context["can_change"] = self.has_change_permission(request, obj)
            standing = self.standing(obj)
            context["scheduled"] = standing.scheduled
            context["has_versions"] = obj.versions.exists()
            context["unpublished_changes"] = standing.unpublished_changes
            found = tree.data(obj)
            context["not_translated"] = tree.not_translated(found)
            context["to_check"] = tree.labels(found, obj.translations_to_check)
            context["broken_links"] = links.known_broken(links.urls_in(*tree.strings(found)))
            context["steps_to_check"] = len(lawchanges.steps_to_check(obj))
            context["conflict"] = context["adminform"].form.conflict
            if request.method == "GET" and context["can_change"]:
                context["others_editing"] = others_editing(request, obj)
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/preview/", view(self.preview_view), name="guides_guide_preview"),
            path("<int:pk>/publish/", view(self.publish_view), name="guides_guide_publish"),
            path(
                "<int:pk>/unschedule/", view(self.unschedule_view), name="guides_guide_unschedule"
            ),
            path("<int:pk>/discard/", view(self.discard_view), name="guides_guide_discard"),
            path(
                "<int:pk>/translations-checked/",
                view(self.translations_checked_view),
                name="guides_guide_translations_checked",
            ),
            path(
                "<int:pk>/law-changes/",
                view(self.law_changes_view),
                name="guides_guide_law_changes",
            ),
            path("<int:pk>/versions/", view(self.versions_view), name="guides_guide_versions"),
            path("<int:pk>/drafts/", view(self.drafts_view), name="guides_guide_drafts"),
            path(
                "<int:pk>/drafts/<int:draft_pk>/restore/",
                view(self.restore_draft_view),
                name="guides_guide_restore_draft",
            ),
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

    def guide_for(self, request, pk: int, *, permission: str = "view") -> Guide:
        """The guide `pk`, if `request.user` may take `permission` on it (else 403 or 404)."""
        guide = Guide.objects.filter(pk=pk).first()
        if guide is None:
            raise Http404("No such guide.")
        allowed = {
            "view": self.has_view_permission(request, guide),
            "change": self.has_change_permission(request, guide),
            "publish": self.has_publish_permission(request),
        }[permission]
        if not allowed:
            raise PermissionDenied
        return guide

    def _page(self, request, template: str, title: str, guide: Guide | None, **extra):
        return admin_page(
            request, f"admin/guides/guide/{template}", title, opts=self.opts, guide=guide, **extra
        )

    def preview_view(self, request, pk: int):
        """The guide as it is now, shown as citizens would see it if it were published."""
        guide = self.guide_for(request, pk)
        if "region" in request.GET:  # the preview for a region is local rules' (local.views)
            path_ = request.GET["region"]
            if not path_:
                return redirect("admin:guides_guide_preview", pk)
            if not re.fullmatch(RegionPathConverter.regex, path_):
                raise Http404("No such region")
            get_region_or_404(path_)
            return redirect("admin:guides_guide_preview_region", pk, path_)
        response = GuidePage(request, working_copy(guide), None, preview=True).render()
        response["X-Robots-Tag"] = "noindex"
        return response

    def publish_view(self, request, pk: int):
        guide = self.guide_for(request, pk, permission="publish")
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
                when = timezone.localtime(version.published_at)
                if version.published_at > timezone.now():
                    self.log_change(request, guide, f"Scheduled for {when:%Y-%m-%d %H:%M}.")
                    messages.success(
                        request,
                        gettext("Scheduled: version %(number)d goes live on %(date)s at %(time)s.")
                        % {
                            "number": version.number,
                            # The same formats as publishing's message about a scheduled
                            # version (translated there).
                            "date": date_format(when, gettext("d F Y")),
                            "time": date_format(when, gettext("H:i")),
                        },
                    )
                    return redirect("admin:guides_guide_change", guide.pk)
                self.log_change(request, guide, f"Published: {version.change_note}")
                messages.success(
                    request,
                    gettext("Published version %(number)d of %(guide)s.")
                    % {"number": version.number, "guide": guide},
                )
                return redirect("admin:guides_guide_versions", guide.pk)
        return self._page(
            request, "publish.html", gettext("Publish %(guide)s") % {"guide": guide}, guide,
            form=form, error=error,
            current=publishing.current_version(guide),
        )  # fmt: skip

    def save_model(self, request, obj, form, change):
        # What the guide said before this save, to see which translations it may outdate.
        # Kept on the object, not on this admin, which every request shares.
        before = Guide.objects.get(pk=obj.pk) if change else None
        obj.data_before_save = tree.data(before) if change else None
        if change:
            drafts.kept_before_saving(before, obj.data_before_save)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        guide = form.instance
        after = tree.data(guide)
        drafts.keep(guide, user=request.user, data=after)
        scheduled = publishing.scheduled_version(guide) if change else None
        if scheduled is not None and tree.data_from(scheduled.data) != after:
            when = timezone.localtime(scheduled.published_at)
            messages.warning(
                request,
                gettext(
                    "Version %(number)d, scheduled for %(date)s at %(time)s, keeps the words it "
                    "was scheduled with: what you just saved is not in it. To include it, "
                    "unschedule that version and schedule it again."
                )
                % {
                    "number": scheduled.number,
                    "date": date_format(when, gettext("d F Y")),
                    "time": date_format(when, gettext("H:i")),
                },
            )
        links.warn_if_broken(request, *tree.strings(after))
        before = getattr(guide, "data_before_save", None)
        if before is not None:
            flagged = tree.translations_to_check(before, after, guide.translations_to_check)
            if flagged != guide.translations_to_check:
                # Not a content change: the edit counter stays as it is.
                Guide.objects.filter(pk=guide.pk).update(translations_to_check=flagged)

    def translations_checked_view(self, request, pk: int):
        """An editor confirms that the texts flagged still say what the other language does."""
        guide = self.guide_for(request, pk, permission="change")
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        Guide.objects.filter(pk=guide.pk).update(translations_to_check=[])
        self.log_change(request, guide, "Translations confirmed as up to date.")
        messages.success(request, gettext("The translations are marked as up to date."))
        return redirect("admin:guides_guide_change", guide.pk)

    def law_changes_view(self, request, pk: int):
        """The guide's steps whose cited law changed since an editor last checked them,
        with the wording before and after; an editor confirms each that still holds (one
        that needs changing is edited and published, which counts as checked)."""
        guide = self.guide_for(request, pk)
        to_check = lawchanges.steps_to_check(guide)
        may_confirm = self.has_change_permission(request, guide)
        if request.method == "POST":
            if not may_confirm:
                raise PermissionDenied
            step_id = request.POST.get("step", "")
            found = [item for item in to_check if str(item.step.pk) == step_id]
            if not found:
                messages.warning(
                    request, gettext("That step is not waiting for a check (any more).")
                )
                return redirect("admin:guides_guide_law_changes", guide.pk)
            (item,) = found
            lawchanges.confirm(item.step, user=request.user)
            day = item.law_change.day.isoformat()
            self.log_change(
                request,
                guide,
                f"Step {item.step.position} checked against the law as changed on {day}: "
                "it still holds.",
            )
            messages.success(
                request,
                gettext("Step %(position)s is confirmed: its warning is off the page.")
                % {"position": item.step.position},
            )
            return redirect("admin:guides_guide_law_changes", guide.pk)
        return self._page(
            request, "law_changes.html",
            gettext("The law changed under %(guide)s") % {"guide": guide}, guide,
            to_check=to_check, may_confirm=may_confirm,
        )  # fmt: skip

    def unschedule_view(self, request, pk: int):
        guide = self.guide_for(request, pk, permission="publish")
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            version = publishing.unschedule(guide=guide)
        except publishing.PublishError as exc:
            messages.error(request, str(exc))
        else:
            self.log_change(request, guide, f"Version {version.number} unscheduled.")
            messages.success(
                request,
                gettext("Unscheduled: the guide's changes are kept here, not yet published."),
            )
        return redirect("admin:guides_guide_change", guide.pk)

    def discard_view(self, request, pk: int):
        guide = self.guide_for(request, pk, permission="change")
        if not guide.versions.exists():
            raise Http404("A guide never published has nothing to go back to.")
        if request.method == "POST":
            try:
                version = publishing.discard_changes(guide=guide)
            except publishing.PublishError as exc:
                messages.error(request, str(exc))
            else:
                drafts.keep(
                    guide, user=request.user, kind=SavedDraft.Kind.VERSION,
                    from_version=version.number,
                )  # fmt: skip
                self.log_change(request, guide, "Unpublished changes discarded.")
                messages.success(
                    request,
                    gettext(
                        "The guide says again what version %(number)d says; "
                        "what citizens see is unchanged."
                    )
                    % {"number": version.number},
                )
            return redirect("admin:guides_guide_change", guide.pk)
        title = gettext("Discard the changes to %(guide)s") % {"guide": guide}
        return self._page(request, "discard.html", title, guide)

    def deleted_view(self, request):
        """Deleted guides, from the versions they leave behind, to be restored."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        versions = publishing.deleted_guides()
        return self._page(
            request, "deleted.html", gettext("Deleted guides"), None, versions=versions
        )

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
            gettext(
                "%(guide)s is back as it was in version %(number)d, unpublished: check it, "
                "then publish it."
            )
            % {"guide": guide, "number": version.number},
        )
        return redirect("admin:guides_guide_change", guide.pk)

    def versions_view(self, request, pk: int):
        guide = self.guide_for(request, pk)
        versions = list(guide.versions.select_related("published_by"))
        by_number = {version.number: version for version in versions}
        compared = None
        a, b = request.GET.get("a", ""), request.GET.get("b", "")
        if a or b:
            before, after = by_number.get(whole_number(a)), by_number.get(whole_number(b))
            if before is None or after is None:
                messages.error(request, gettext("Choose two versions to compare."))
            else:
                compared = (before, after, publishing.compare(before.data, after.data))
        current = publishing.current_version(guide)
        return self._page(
            request, "versions.html", gettext("Published versions of %(guide)s") % {"guide": guide},
            guide, versions=versions, compared=compared, current=current, now=timezone.now(),
        )  # fmt: skip

    def restore_view(self, request, pk: int, number: int):
        guide = self.guide_for(request, pk, permission="change")
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = get_object_or_404(guide.versions, number=number)
        if publishing.has_unpublished_changes(guide) and request.POST.get("confirm") != "yes":
            # What was saved since the last version would be lost: say so first.
            return self._page(
                request, "restore.html",
                gettext("Restore version %(number)d of %(guide)s")
                % {"number": number, "guide": guide},
                guide, version=version,
            )  # fmt: skip
        try:
            publishing.restore(guide=guide, version=version)
        except publishing.PublishError as exc:
            messages.error(request, str(exc))
            return redirect("admin:guides_guide_versions", guide.pk)
        drafts.keep(guide, user=request.user, kind=SavedDraft.Kind.VERSION, from_version=number)
        self.log_change(request, guide, f"Version {number} restored, not yet published.")
        messages.success(
            request,
            gettext(
                "The guide says again what version %(number)d said: check it, then publish it "
                "to restore it on the site."
            )
            % {"number": number},
        )
        return redirect("admin:guides_guide_change", guide.pk)

    def drafts_view(self, request, pk: int):
        """Every saved draft of the guide, newest first; one compared with the working copy."""
        guide = self.guide_for(request, pk)
        saved = list(
            guide.saved_drafts.select_related("saved_by", "restored_from").defer(
                "data", "restored_from__data"
            )
        )
        compared = None
        if "compare" in request.GET:
            wanted = whole_number(request.GET["compare"])
            draft = guide.saved_drafts.filter(pk=wanted).first() if wanted else None
            if draft is None:
                messages.error(request, gettext("Choose a saved draft to compare."))
            else:
                compared = (draft, publishing.compare(draft.data, tree.data(guide)))
        return self._page(
            request, "drafts.html", gettext("Saved drafts of %(guide)s") % {"guide": guide},
            guide, drafts=saved, compared=compared,
            may_restore=self.has_change_permission(request, guide),
        )  # fmt: skip

    def restore_draft_view(self, request, pk: int, draft_pk: int):
        guide = self.guide_for(request, pk, permission="change")
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        draft = get_object_or_404(guide.saved_drafts, pk=draft_pk)
        try:
            drafts.restore(guide=guide, draft=draft, user=request.user)
        except publishing.PublishError as exc:
            messages.error(request, str(exc))
            return redirect("admin:guides_guide_drafts", guide.pk)
        when = timezone.localtime(draft.saved_at)
        self.log_change(request, guide, f"Draft of {when:%Y-%m-%d %H:%M} restored.")
        messages.success(
            request,
            gettext(
                "The guide says again what the draft saved on %(when)s said; the draft it "
                "replaced is kept too. Publish it to put it on the site."
            )
            % {"when": date_format(when, "j F Y, H:i")},
        )
        return redirect("admin:guides_guide_change", guide.pk)
