"""Editors and regional staff keep local rules here: variations, offices and hotlines.

Every local item is scoped by its ``region`` field, which is where per-region rights
attach (editorial.scoping); what goes live is decided by local.workflow.
"""

from types import SimpleNamespace

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from markdownx.widgets import AdminMarkdownxWidget

from editorial import links
from editorial.scoping import RegionScopedAdminMixin, region_scope
from guides import tree
from guides.admin import TranslationFilter
from guides.models import Material, PaymentMethod, Step
from local import changes, figures, freshness, history, workflow
from local import views as local_views
from local.models import (
    Figure,
    Hotline,
    MaterialChange,
    MethodChange,
    Office,
    Service,
    Status,
    StepChange,
)
from portal.adminpages import admin_page
from portal.concurrency import ConcurrentEditAdminMixin, others_editing
from regions.models import Region

DEMO_WARNING = _(
    "This is demonstration content shipped with the portal. Citizens see it labelled as such; "
    "it is not official information."
)


class GuideItemChoiceField(forms.ModelChoiceField):
    """A step, material or method named with its guide, since step numbers repeat."""

    def label_from_instance(self, obj) -> str:
        step = obj if isinstance(obj, Step) else obj.step
        names = {"guide": step.guide.title, "number": step.position, "step": step.title}
        if isinstance(obj, Step):
            return gettext("%(guide)s — step %(number)d, %(step)s") % names
        # Translators: %(item)s is a material or a payment method of the step.
        return gettext("%(guide)s — step %(number)d, %(step)s — %(item)s") % {**names, "item": obj}


class LevelFilter(admin.SimpleListFilter):
    title = _("level")
    parameter_name = "level"

    def lookups(self, request, model_admin):
        scope = region_scope(request.user)
        if (
            scope is not None
            and not Region.objects.filter(code__in=scope, level=Region.Level.PROVINCE).exists()
        ):
            return []  # staff of cities only: every item is a city's, nothing to filter
        return Region.Level.choices

    def queryset(self, request, queryset):
        if self.value() in Region.Level.values:
            return queryset.filter(region__level=self.value())
        return queryset


def _texts(item) -> list[str]:
    """What the item says (its latest version), for the links in it."""
    return [value for value in item.content().values() if isinstance(value, str)]


class CheckDueFilter(admin.SimpleListFilter):
    """Items last checked against their source too long ago (local.freshness)."""

    title = _("check")
    parameter_name = "check"

    def lookups(self, request, model_admin):
        return [("due", _("Due: not checked for too long"))]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.filter(last_verified__lt=freshness.fresh_since())
        return queryset


class LocalTranslationFilter(TranslationFilter):
    """A local item's translations, read from its latest version (a proposal, if any)."""

    @staticmethod
    def one_language(queryset) -> list[int]:
        return [item.pk for item in queryset if item.not_translated()]


@admin.action(description=_("Submit selected for review"), permissions=["change"])
def submit_for_review(modeladmin, request, queryset):
    """Submit each selected draft (or returned item) for review, as its own Submit button
    would; the others are named with the reason they were left."""
    done = 0
    for row in queryset.select_related("region__parent", "submitted_by"):
        item = row.proposed()
        if item.status == Status.IN_REVIEW:
            reason = gettext("it is already waiting for review")
        elif item.is_live and not item.pending:
            reason = gettext("it has no change to submit")
        elif not modeladmin.has_change_permission(request, item):
            reason = gettext("you may not change it")
        else:
            try:
                workflow.save(item=item, by=request.user, submit=True)
            except workflow.WorkflowError as error:
                reason = str(error)
            else:
                modeladmin.log_change(request, item, "Submitted for review.")
                done += 1
                continue
        modeladmin.message_user(
            request,
            gettext("Not submitted: %(item)s: %(reason)s") % {"item": item, "reason": reason},
            messages.WARNING,
        )
    modeladmin.message_user(
        request,
        ngettext(
            "Submitted %(count)d item for review.", "Submitted %(count)d items for review.", done
        )
        % {"count": done},
        messages.SUCCESS,
    )


@admin.action(description=_("Approve and publish the selected items"), permissions=["publish"])
def publish(modeladmin, request, queryset):
    """Approve, item by item and under the same rules as the review page, after a page that
    lists what would go live and what cannot."""
    items = list(queryset.select_related("region__parent", "submitted_by"))
    if request.POST.get("post") != "yes":
        rows = [
            {
                "item": item,
                "refusal": workflow.review_refusal(
                    item, reviewer=request.user, seen_revision=item.revision
                ),
                "changes": changes.proposed_changes(item),
            }
            for item in items
        ]
        return admin_page(
            request, "admin/regions/confirm_publish.html",
            gettext("Approve and publish these items?"),
            opts=modeladmin.opts, rows=rows,
            approvable=sum(1 for row in rows if row["refusal"] is None),
            action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
        )  # fmt: skip
    published = 0
    for item in items:
        try:
            seen = workflow.seen_revision(request.POST.get(f"revision-{item.pk}", ""))
            workflow.approve(item=item, reviewer=request.user, seen_revision=seen)
        except workflow.WorkflowError as error:
            modeladmin.message_user(
                request,
                gettext("Not published: %(item)s: %(reason)s") % {"item": item, "reason": error},
                messages.WARNING,
            )
            continue
        modeladmin.log_change(request, item, "Approved and published.")
        published += 1
    modeladmin.message_user(
        request,
        ngettext("Published %(count)d item.", "Published %(count)d items.", published)
        % {"count": published},
        messages.SUCCESS,
    )
    return None


@admin.action(description=_("Withdraw the selected items from the site"), permissions=["publish"])
def withdraw(modeladmin, request, queryset) -> None:
    items = list(queryset.filter(is_live=True))
    for item in items:
        workflow.withdraw(item=item, by=request.user)
        modeladmin.log_change(request, item, "Withdrawn from the site.")
    modeladmin.message_user(
        request,
        ngettext("Withdrew %(count)d item.", "Withdrew %(count)d items.", len(items))
        % {"count": len(items)},
        messages.SUCCESS,
    )


def version_caption(version, *, on_site: bool) -> str:
    """The heading of a published version's table, one whole sentence for each case."""
    values = {
        "when": date_format(localtime(version.published_at), "j F Y, H:i"),
        "by": version.published_by,
        "proposer": version.proposed_by,
    }
    if on_site and version.published_by and version.proposed_by:
        # Translators: the headings of a local item's published versions. "Proposed by"
        # names whoever proposed the words an editor approved; "imported" words were
        # loaded with the portal, not published by a person.
        caption = gettext("On the site now: published %(when)s by %(by)s, proposed by %(proposer)s")
    elif on_site and version.published_by:
        caption = gettext("On the site now: published %(when)s by %(by)s")
    elif on_site and version.proposed_by:
        caption = gettext(
            "On the site now: published %(when)s (imported), proposed by %(proposer)s"
        )
    elif on_site:
        caption = gettext("On the site now: published %(when)s (imported)")
    elif version.published_by and version.proposed_by:
        caption = gettext("published %(when)s by %(by)s, proposed by %(proposer)s")
    elif version.published_by:
        caption = gettext("published %(when)s by %(by)s")
    elif version.proposed_by:
        caption = gettext("published %(when)s (imported), proposed by %(proposer)s")
    else:
        caption = gettext("published %(when)s (imported)")
    return caption % values


class LocalContentAdmin(ConcurrentEditAdminMixin, RegionScopedAdminMixin, admin.ModelAdmin):
    """What every local item's admin shares: region, provenance, review, demo label.

    Regional staff save drafts and submit them; a change they make to a live
    item is kept as a proposal (the site keeps showing the approved version)
    until an editor approves it. Editors' own saves go straight to the item.
    """

    content_fields: list[str] = []
    list_filter = [
        "status", "is_live", "is_demo", LevelFilter, CheckDueFilter, LocalTranslationFilter,
    ]  # fmt: skip
    search_fields = ["region__code", "region__name_en", "region__name_zh"]
    list_select_related = ["region__parent"]
    readonly_fields = ["is_live", "status", "review_state", "updated_at"]
    actions = [submit_for_review, publish, withdraw]
    save_on_top = True
    change_form_template = "admin/regions/local_change_form.html"

    def has_publish_permission(self, request) -> bool:
        return workflow.may_publish(request.user, self.model)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Nothing citizens see is deleted outright: an editor withdraws it first
        # (it stays as a draft, to be fixed or then deleted).
        if obj is not None and obj.is_live:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Bulk deletion would skip the rule above; items are deleted one by one.
        actions.pop("delete_selected", None)
        return actions

    def get_fieldsets(self, request, obj=None):
        # A field written in each language is one line with both, Chinese first.
        both = tree.translated(self.model)

        def lines(names):
            return [tuple(tree.in_each_language(n)) if n in both else n for n in names]

        return [
            (None, {"fields": ["region", *lines(self.content_fields)]}),
            (_("Source"), {"fields": lines(["source", "last_verified", "verified_by"])}),
            (
                pgettext_lazy("noun", "Review"),
                {"fields": ["is_live", "status", "review_state", "is_demo", "updated_at"]},
            ),
            *self.revision_fieldsets(request, obj),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # An editor's save of a live item publishes it: that too needs the provenance.
        publishes = obj is not None and obj.is_live and self.has_publish_permission(request)
        model = self.model

        class ProvenanceChecked(form):
            """Source, last verified and verified by: needed to submit, not for a draft."""

            def clean(self):
                cleaned = super().clean()
                if "_submit" in self.data or publishes:
                    values = SimpleNamespace(**cleaned)
                    for name in workflow.missing_provenance(values, model):
                        column = (
                            tree.in_each_language(name)[0]
                            if name in tree.translated(model)
                            else name
                        )
                        if column in self.fields and column not in self.errors:
                            self.add_error(
                                column,
                                gettext("Needed before it goes for review or on the site."),
                            )
                return cleaned

        return ProvenanceChecked

    def get_object(self, request, object_id, from_field=None):
        # The form shows the latest version: a pending proposal, if there is one.
        return super().get_object(request, object_id, from_field).proposed()

    @admin.display(description=pgettext_lazy("noun", "review"))
    def review_state(self, obj) -> str:
        if obj.status == Status.IN_REVIEW and obj.submitted_by:
            if obj.submitted_at:
                return gettext("Submitted by %(name)s on %(when)s.") % {
                    "name": obj.submitted_by,
                    # As before: the time as stored (UTC), not the local time.
                    "when": date_format(obj.submitted_at, "d M Y H:i"),
                }
            return gettext("Submitted by %(name)s.") % {"name": obj.submitted_by}
        if obj.status == Status.RETURNED and obj.reviewed_by:
            return gettext("Returned by %(name)s: %(comment)s") % {
                "name": obj.reviewed_by,
                "comment": obj.review_comment,
            }
        if obj.pending:
            return gettext("A change to this live item has not been submitted yet.")
        return "—"

    def save_model(self, request, obj, form, change) -> None:
        links.warn_if_broken(request, *_texts(obj))
        was_waiting = change and obj.status == Status.IN_REVIEW
        submitting = "_submit" in request.POST
        workflow.save(item=obj, by=request.user, submit=submitting)
        if was_waiting and not submitting and obj.status == Status.DRAFT:
            self.message_user(
                request,
                gettext(
                    "This change was waiting for review; saving it took it back out of review, "
                    "so no editor approves words they were not shown. Submit it again when it is "
                    "ready."
                ),
                messages.WARNING,
            )

    def response_add(self, request, obj, post_url_continue=None):
        self._said_submitted(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._said_submitted(request, obj)
        return super().response_change(request, obj)

    def _said_submitted(self, request, obj) -> None:
        if "_submit" in request.POST:
            self.message_user(
                request,
                gettext(
                    "Submitted for review: %(item)s. An editor will check it before it is "
                    "published."
                )
                % {"item": obj},
                messages.SUCCESS,
            )

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj) -> str:
        return workflow.state_label(obj)

    @admin.display(description=_("demonstration"), boolean=True, ordering="is_demo")
    def demo(self, obj) -> bool:
        return obj.is_demo

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/versions/<int:version_pk>/restore/",
                view(self.restore_version_view),
                name=f"{name}_restore_version",
            ),
            path("<path:object_id>/versions/", view(self.versions_view), name=f"{name}_versions"),
            path("<path:object_id>/preview/", view(self.preview_view), name=f"{name}_preview"),
            path(
                "<path:object_id>/still-right/",
                view(self.still_right_view),
                name=f"{name}_still_right",
            ),
            path(
                "<path:object_id>/translations-checked/",
                view(self.translations_checked_view),
                name=f"{name}_translations_checked",
            ),
            *super().get_urls(),
        ]

    def _item(self, request, object_id, allowed):
        """The item, if it is in the user's regions (else 404) and `allowed` (else 403)."""
        item = self.get_object(request, unquote(object_id))
        if item is None:
            raise Http404("No such item, or not in your regions.")
        if not allowed(request, item):
            raise PermissionDenied
        return item

    def restore_version_view(self, request, object_id, version_pk: int):
        """Take up the words of an earlier version again, as a draft to check and save."""
        item = self._item(request, object_id, self.has_change_permission)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = get_object_or_404(history.versions_of(item), pk=version_pk)
        scope = region_scope(request.user)
        if scope is not None and version.content.get("region_id") not in scope:
            raise PermissionDenied  # those words were for a region outside theirs
        workflow.restore(item=item, version=version, by=request.user)
        when = f"{localtime(version.published_at):%d %B %Y, %H:%M}"
        self.log_change(request, item, f"Words published {when} taken up again as a draft.")
        shown = {"when": date_format(localtime(version.published_at), "d F Y, H:i")}
        if item.is_live:
            message = gettext(
                "The words published %(when)s are in the form below: check them, then save "
                "(the site shows the current words until then)."
            )
        else:
            message = gettext(
                "The words published %(when)s are in the form below: check them, then save."
            )
        self.message_user(request, message % shown, messages.SUCCESS)
        return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", item.pk)

    # Whether a preview can show the item where citizens would see it (local.views).
    def can_preview(self, obj) -> bool:
        return obj is not None and (not isinstance(obj, Service) or obj.region_id is not None)

    def preview_view(self, request, object_id):
        """The item's latest version in the page citizens would see it on, for anyone who
        may see the item: its author, regional colleagues, and the editors who review it."""
        item = self._item(request, object_id, self.has_view_permission)
        if not self.can_preview(item):
            raise Http404("A national service is not shown in a region's guide.")
        return local_views.preview_item(request, item)

    def still_right_view(self, request, object_id):
        """One click, for someone who may change the item: checked against its source
        today, and still right (local.workflow.confirm_checked)."""
        item = self._item(request, object_id, self.has_change_permission)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        was = item.last_verified
        try:
            workflow.confirm_checked(item=item, by=request.user)
        except workflow.WorkflowError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            today = timezone.localdate()
            self.log_change(
                request, item, f"Checked against its source: still right (was {was}, now {today})."
            )
            self.message_user(
                request,
                gettext("Confirmed as still right today: %(item)s.") % {"item": item},
                messages.SUCCESS,
            )
        if request.POST.get("next") == "dashboard":
            return redirect("admin:index")
        return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", item.pk)

    def translations_checked_view(self, request, object_id):
        """Someone who may change the item confirms its flagged texts still say the same."""
        item = self._item(request, object_id, self.has_change_permission)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        workflow.translations_checked(item=item)
        self.log_change(request, item, "Translations confirmed as up to date.")
        self.message_user(
            request, gettext("The translations are marked as up to date."), messages.SUCCESS
        )
        return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", item.pk)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["previewable"] = self.can_preview(obj)
        if obj is not None and request.method == "GET" and self.has_change_permission(request, obj):
            context["others_editing"] = others_editing(request, obj)
        if obj is not None:
            context["not_translated"] = obj.not_translated()
            context["to_check"] = obj.translations_flagged()
            context["broken_links"] = links.known_broken(links.urls_in(*_texts(obj)))
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def versions_view(self, request, object_id):
        """Every version of the item that went live, each with what it changed."""
        item = self._item(request, object_id, self.has_view_permission)
        versions = history.history_of(item)
        shown = [
            (
                version,
                changes.field_changes(
                    item.with_content(older.content) if older else None,
                    item.with_content(version.content),
                ),
                version_caption(version, on_site=index == 0 and item.is_live),
            )
            for index, (version, older) in enumerate(
                zip(versions, [*versions[1:], None], strict=False)
            )
        ]
        return admin_page(
            request, "admin/regions/versions.html",
            gettext("Published versions of %(item)s") % {"item": item},
            opts=self.opts, item=item, versions=shown,
            can_change=self.has_change_permission(request, item),
        )  # fmt: skip

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and obj.is_demo and request.method == "GET":
            self.message_user(request, DEMO_WARNING, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        targets = {
            "step": Step.objects.select_related("guide"),
            "material": Material.objects.select_related("step__guide"),
            "method": PaymentMethod.objects.select_related("step__guide"),
        }
        if db_field.name in targets:
            queryset = targets[db_field.name]
            kind = getattr(self, "step_kind", None)
            if kind and db_field.name == "step":
                queryset = queryset.filter(kind=kind)
            only = list(queryset[:2])
            return GuideItemChoiceField(
                queryset=queryset,
                initial=only[0].pk if len(only) == 1 else None,
                required=not db_field.blank,
                help_text=db_field.help_text,
                label=db_field.verbose_name.capitalize(),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if getattr(db_field, "translated_field", db_field).name == "text":  # or text_en…
            kwargs["widget"] = AdminMarkdownxWidget
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(StepChange)
class StepChangeAdmin(LocalContentAdmin):
    content_fields = ["step", "action", "text"]
    list_display = ["__str__", "region", "action", "words", "state", "last_verified", "demo"]
    list_filter = ["action", *LocalContentAdmin.list_filter]
    search_fields = [
        *tree.in_each_language("text"),
        *tree.in_each_language("step__title"),
        *LocalContentAdmin.search_fields,
    ]

    @admin.display(description=_("text"))
    def words(self, item: StepChange) -> str:
        return Truncator(item.text or "").chars(60) or "—"


@admin.register(MaterialChange)
class MaterialChangeAdmin(LocalContentAdmin):
    step_kind = Step.Kind.MATERIALS
    content_fields = [
        "step",
        "action",
        "material",
        "notes",
        "name",
        ("original", "photocopy"),
        "condition",
    ]
    list_display = ["__str__", "region", "action", "state", "last_verified", "demo"]
    list_filter = ["action", *LocalContentAdmin.list_filter]
    search_fields = [
        *tree.in_each_language("name"),
        *tree.in_each_language("condition"),
        *tree.in_each_language("notes"),
        *tree.in_each_language("material__name"),
        *LocalContentAdmin.search_fields,
    ]


@admin.register(MethodChange)
class MethodChangeAdmin(LocalContentAdmin):
    step_kind = Step.Kind.METHODS
    content_fields = [
        "step",
        "action",
        "method",
        "notes",
        "kind",
        "name",
        "description",
        "where",
        "you_need",
        "url",
    ]
    list_display = ["__str__", "region", "action", "state", "last_verified", "demo"]
    list_filter = ["action", *LocalContentAdmin.list_filter]
    search_fields = [
        *(
            field
            for name in ("name", "description", "where", "you_need", "notes", "method__name")
            for field in tree.in_each_language(name)
        ),
        "url",
        *LocalContentAdmin.search_fields,
    ]


@admin.register(Office)
class OfficeAdmin(LocalContentAdmin):
    content_fields = ["kind", "name", "address", "opening_hours", "phone", "url"]
    list_display = ["name", "region", "kind", "state", "last_verified", "demo"]
    list_filter = ["kind", *LocalContentAdmin.list_filter]
    search_fields = [
        *tree.in_each_language("name"),
        *tree.in_each_language("address"),
        *LocalContentAdmin.search_fields,
    ]


@admin.register(Hotline)
class HotlineAdmin(LocalContentAdmin):
    content_fields = ["name", "number", "hours"]
    list_display = ["name", "number", "region", "state", "last_verified", "demo"]
    search_fields = [*tree.in_each_language("name"), "number", *LocalContentAdmin.search_fields]


class NationalOrRegionalAdmin(LocalContentAdmin):
    """For items that may hold nationally (no region): only editors keep those."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "region":
            if region_scope(request.user) is None:
                field.empty_label = gettext("National (every region)")
            else:  # regional staff keep their own regions' items, never the national ones
                field.required = True
        return field


@admin.register(Service)
class ServiceAdmin(NationalOrRegionalAdmin):
    content_fields = ["kind", "name", "url", "number", "notes"]
    list_display = ["__str__", "kind", "link", "state", "last_verified", "demo"]
    list_filter = ["kind", *LocalContentAdmin.list_filter]
    list_select_related = ["region__parent"]
    search_fields = [*tree.in_each_language("name"), "url", "number",
                     *LocalContentAdmin.search_fields]  # fmt: skip

    @admin.display(description=_("link or number"))
    def link(self, obj) -> str:
        return obj.number or obj.url or "—"


@admin.register(Figure)
class FigureAdmin(NationalOrRegionalAdmin):
    content_fields = [
        ("scheme", "insurance"),
        "kind",
        "amount",
        "text",
        ("in_force_from", "in_force_until"),
        "source_url",
        "reliability",
    ]
    list_display = ["__str__", "value", "period", "state", "last_verified", "demo"]
    list_filter = ["scheme", "insurance", "kind", *LocalContentAdmin.list_filter]
    list_select_related = ["region__parent"]
    search_fields = [*tree.in_each_language("source"), *LocalContentAdmin.search_fields]

    @admin.display(description=_("value"))
    def value(self, obj) -> str:
        return figures.say(obj) if (obj.amount is not None or obj.text) else "—"

    @admin.display(description=_("in force"), ordering="in_force_from")
    def period(self, obj) -> str:
        return figures.period(obj)
