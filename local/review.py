"""The review queue: what regional staff submitted, compared and decided on by editors."""

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

from editorial.scoping import region_scope
from local import changes, workflow
from local.models import LOCAL_MODELS, LocalContent
from portal.adminpages import admin_page

MODELS = {model._meta.model_name: model for model in LOCAL_MODELS}


def is_reviewer(user) -> bool:
    """Whether `user` may review some kind of local item."""
    return any(workflow.may_publish(user, model) for model in LOCAL_MODELS)


def waiting_items(user) -> list[LocalContent]:
    """Everything waiting for review that `user` may review, oldest first."""
    scope = region_scope(user)
    found = []
    for model in LOCAL_MODELS:
        if not workflow.may_publish(user, model):
            continue
        items = model.objects.waiting_for_review().select_related(
            "region__parent", "submitted_by", *model.named_with
        )
        if scope is not None:
            items = items.filter(region__in=scope)
        found.extend(items)
    return sorted(found, key=lambda item: item.submitted_at or item.updated_at)


def review_queue(request: HttpRequest) -> HttpResponse:
    if not is_reviewer(request.user):
        raise PermissionDenied
    return admin_page(
        request,
        "admin/editorial/review_queue.html",
        gettext("Waiting for review"),
        items=waiting_items(request.user),
    )


def review_item(request: HttpRequest, model_name: str, pk: int) -> HttpResponse:
    model = MODELS.get(model_name)
    if model is None:
        raise Http404("No such kind of local item.")
    if not workflow.may_publish(request.user, model):
        raise PermissionDenied
    items = model.objects.select_related("region__parent", "submitted_by")
    scope = region_scope(request.user)
    if scope is not None:
        items = items.filter(region__in=scope)
    item = items.filter(pk=pk).first()
    if item is None:
        raise Http404("No such item.")

    error = None
    if request.method == "POST":
        decision = request.POST.get("decision")
        comment = request.POST.get("comment", "")
        seen = workflow.seen_revision(request.POST.get("revision", ""))
        try:
            if decision == "approve":
                workflow.approve(item=item, reviewer=request.user, seen_revision=seen)
                # The change log keeps the message as written; the editor reads it in theirs.
                message = "Approved and published."
                said = gettext("%(item)s: Approved and published.") % {"item": item}
            elif decision == "return":
                workflow.return_for_changes(
                    item=item, reviewer=request.user, seen_revision=seen, comment=comment
                )
                message = f"Returned for changes: {comment.strip()}"
                said = gettext("%(item)s: Returned for changes: %(comment)s") % {
                    "item": item,
                    "comment": comment.strip(),
                }
            else:
                raise workflow.WorkflowError(gettext("Choose whether to approve or to return it."))
        except workflow.WorkflowError as exc:
            error = str(exc)
            item.refresh_from_db()
        else:
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=[item],
                action_flag=CHANGE,
                change_message=message,
                single_object=True,
            )
            messages.success(request, said)
            return redirect("admin:review_queue")

    return admin_page(
        request, "admin/editorial/review_item.html",
        gettext("Review: %(item)s") % {"item": item},
        opts=model._meta, status=400 if error else 200, item=item,
        changes=changes.proposed_changes(item),
        since_returned=changes.changed_since_returned(item),
        preview_url=(
            reverse(f"admin:local_{model_name}_preview", args=[item.pk])
            if admin.site._registry[model].can_preview(item)
            else None
        ),
        refusal=workflow.review_refusal(item, reviewer=request.user, seen_revision=item.revision),
        error=error, comment=request.POST.get("comment", ""),
        content_type=ContentType.objects.get_for_model(model),
    )  # fmt: skip
