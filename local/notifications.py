"""Email to staff when a local item moves through review (local.workflow).

- Submitted for review: to every editor who may review items of that kind, except the
  submitter.
- Returned with a comment, or approved: to the people who wrote the change and the one
  who submitted it, except the reviewer.

Each person gets it in the admin's language they chose, at the address on their account,
unless they turned notifications off (StaffProfile.notify_by_email). Mail is sent once the
transition is committed, and a mail server that fails is logged, never an error for the
person who acted: the review itself is done. Django's email framework sends it (see the
EMAIL_* settings).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from editorial.scoping import region_scope
from local.models import LocalContent

log = logging.getLogger(__name__)

SUBMITTED, RETURNED, APPROVED = "submitted", "returned", "approved"


def reviewers(model: type[LocalContent]):
    """The people who may review items of this kind, by their role's permission."""
    opts = model._meta
    permission = Permission.objects.filter(
        content_type__app_label=opts.app_label, codename=f"publish_{opts.model_name}"
    )
    return get_user_model().objects.filter(
        Q(groups__permissions__in=permission) | Q(user_permissions__in=permission)
    )


def _recipients(event: str, item: LocalContent, *, by, writers: list[int]):
    users = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    if event == SUBMITTED:
        users = users.filter(pk__in=reviewers(type(item)).values("pk"))
    else:
        users = users.filter(pk__in=writers)
    users = users.exclude(pk=by.pk).exclude(staff_profile__notify_by_email=False)
    found = users.select_related("staff_profile").distinct().order_by("pk")
    # Only those who may still see the item: someone moved to other regions is not told.
    return [user for user in found if _may_see(user, item)]


def _may_see(user, item: LocalContent) -> bool:
    scope = region_scope(user)
    return scope is None or item.region_id in scope


def _message(event: str, item: LocalContent, *, by) -> tuple[str, str]:
    opts = type(item)._meta
    values = {
        "kind": opts.verbose_name,
        "item": item,
        "by": by.get_username(),
    }
    if event == SUBMITTED:
        subject = gettext("For your review: %(kind)s “%(item)s”") % values
        lead = gettext("%(by)s submitted a change for review.") % values
        path = reverse("admin:review_item", args=[opts.model_name, item.pk])
    elif event == RETURNED:
        subject = gettext("Returned to you: %(kind)s “%(item)s”") % values
        lead = gettext("%(by)s returned your change, saying:") % values
        lead += "\n\n" + item.review_comment
        path = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    else:
        subject = gettext("Approved and on the site: %(kind)s “%(item)s”") % values
        lead = gettext("%(by)s approved your change; citizens now see it.") % values
        path = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    closing = gettext(
        "You get these emails as a member of the portal's staff. To stop them, untick "
        "“email me about reviews” at %(url)s."
    ) % {"url": settings.SITE_URL + reverse("admin:notifications")}
    return subject, f"{lead}\n\n{settings.SITE_URL}{path}\n\n-- \n{closing}\n"


def notify(event: str, item: LocalContent, *, by, writers: list[int] = ()) -> None:
    """Send `event`'s emails about `item` once the current transaction commits."""
    transaction.on_commit(lambda: _send(event, item, by=by, writers=list(writers)))


def _send(event: str, item: LocalContent, *, by, writers: list[int]) -> None:
    messages = []
    for user in _recipients(event, item, by=by, writers=writers):
        profile = getattr(user, "staff_profile", None)
        language = (profile.language if profile else "") or settings.LANGUAGE_CODE
        with translation.override(language):
            subject, body = _message(event, item, by=by)
        messages.append(EmailMessage(subject, body, to=[user.email]))
    if not messages:
        return
    try:
        get_connection().send_messages(messages)
    except Exception:  # the mail server is down, refuses, or a header is bad: the review is done
        log.exception("Could not send %d notification(s) of %s", len(messages), event)
