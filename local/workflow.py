"""The review workflow of local items: every rule about what goes live, in one place.

An item's own fields are what citizens see once it is live (``is_live``). A change to a
live item waits in ``pending`` until it is published, so the site never shows words no
editor put there. The states (``Status``):

- DRAFT: being written. RETURNED: sent back with a comment, being fixed.
- IN_REVIEW: submitted; the exact version submitted waits for an editor.
- PUBLISHED: what citizens read is the latest version.

The rules:

- Anyone who may change an item saves it (``save``). Saving over a submitted version takes
  it back out of review: what waits for review is always what was submitted.
- An editor's own save of a live item is published at once, credited to them.
- Approving and returning happen only to an item waiting for review, only to the exact
  version the editor was shown, and never by anyone who wrote any part of it.

Admin screens, actions and the review queue only call the functions here; each one
saves what it changes, inside a transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext

from editorial.models import PublishedVersion
from guides import tree
from local import history, notifications
from local.models import LocalContent, Status

__all__ = ["Status", "WorkflowError"]


class WorkflowError(Exception):
    """A step of the workflow that cannot be taken; the message says why, for staff."""


# --- Guards -------------------------------------------------------------------------


def may_publish(user, model: type[LocalContent]) -> bool:
    """Whether `user` may approve, return and withdraw items of this kind (editors)."""
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def wrote(user, item: LocalContent) -> bool:
    """Whether `user` wrote any part of the item's latest version (or submitted it)."""
    return user.pk in item.authors or item.submitted_by_id == user.pk


def seen_revision(raw: str) -> int | None:
    """The version number a review page or confirmation posted back, if it is one."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


def review_refusal(item: LocalContent, *, reviewer, seen_revision: int | None) -> str | None:
    """Why `reviewer` may not approve or return `item` as they saw it at `seen_revision`,
    or None when they may."""
    if not may_publish(reviewer, type(item)):
        return gettext("Only editors review local items.")
    if item.status != Status.IN_REVIEW:
        # Translators: the item's review status, in lower case, e.g. "draft".
        return gettext("This item is not waiting for review (%(status)s).") % {
            "status": item.get_status_display().lower()
        }
    if item.submitted_by_id == reviewer.pk:
        return gettext("You submitted this change, so another editor must review it.")
    if wrote(reviewer, item):
        return gettext("You wrote part of this change, so another editor must review it.")
    if seen_revision != item.revision:
        return gettext(
            "This item changed after you opened it, so nothing was done. Look at it again "
            "before you decide."
        )
    return None


PROVENANCE = ("source", "last_verified", "verified_by")


def missing_provenance(item, model: type[LocalContent] | None = None) -> list[str]:
    """The fields of `item`'s provenance still empty (a text in either language will do):
    a draft may lack them, but nothing is submitted for review or published without."""
    translated = tree.translated(model or type(item))
    missing = []
    for name in PROVENANCE:
        names = tree.in_each_language(name) if name in translated else [name]
        if not any(getattr(item, column, None) not in (None, "") for column in names):
            missing.append(name)
    return missing


def _provenance_checked(item: LocalContent) -> None:
    missing = missing_provenance(item)
    if missing:
        labels = ", ".join(str(type(item)._meta.get_field(name).verbose_name) for name in missing)
        raise WorkflowError(
            gettext("Before it goes for review or on the site, fill in: %(fields)s.")
            % {"fields": labels}
        )


def state_label(item: LocalContent) -> str:
    """Where the item stands, in a few words staff read in a list: a live item with a
    change not yet published says both, and a returned one what the reviewer said."""
    comment = Truncator(item.review_comment).chars(80)
    if item.is_live and item.pending:
        return {
            Status.DRAFT: gettext("On the site; a change in draft"),
            Status.IN_REVIEW: gettext("On the site; a change waiting for review"),
            Status.RETURNED: gettext("On the site; a change returned: %(comment)s")
            % {"comment": comment},
        }.get(item.status, gettext("On the site"))
    if item.is_live:
        return gettext("On the site")
    return {
        Status.IN_REVIEW: gettext("Waiting for review"),
        Status.RETURNED: gettext("Returned: %(comment)s") % {"comment": comment},
    }.get(item.status, gettext("Draft"))


def can_withdraw(item: LocalContent, *, user) -> bool:
    return item.is_live and may_publish(user, type(item))


# --- Transitions --------------------------------------------------------------------

# What saving a live item's latest version writes: the site keeps its approved words.
DRAFT_FIELDS = ["pending", "authors", "status", "submitted_by", "submitted_at"]


def _credit(item: LocalContent, by) -> None:
    if by.pk not in item.authors:
        item.authors = [*item.authors, by.pk]


def _locked(item: LocalContent) -> LocalContent:
    """The item as stored now, its row locked until the transaction ends."""
    current = (
        type(item)
        .objects.select_for_update(of=("self",))
        .select_related("region__parent", "submitted_by")
        .filter(pk=item.pk)
        .first()
    )
    if current is None:
        raise WorkflowError(gettext("This item was deleted in the meantime."))
    return current


def _check_translations(item: LocalContent) -> None:
    """Flag the texts of `item`'s latest version (about to be saved) whose other language
    changed since the version stored, and unflag those changed themselves."""
    stored = type(item).objects.filter(pk=item.pk).first() if item.pk is not None else None
    if stored is not None:
        item.translations_to_check = tree.translations_to_check(
            stored.proposed().content(),
            item.content(),
            item.translations_to_check,
            tree.of_item(type(item)),
        )


def translations_checked(*, item: LocalContent) -> None:
    """Someone who may change `item` confirms its flagged texts still say what the other
    language does."""
    item.translations_to_check = []
    # Not a change of what the item says: its revision stays (a reviewer's page still holds).
    type(item).objects.filter(pk=item.pk).update(translations_to_check=[])


@transaction.atomic
def confirm_checked(*, item: LocalContent, by) -> LocalContent:
    """Someone who may change `item` checked it against its source today and it is still
    right: its check (``last_verified``) is today. A live item shows the new date at once,
    kept in its history as a version like any words that go live (nothing else of what it
    says changes, so there is nothing to review); a proposal waiting in ``pending`` keeps
    its own words and date."""
    current = _locked(item)
    current.last_verified = timezone.localdate()
    if current.is_live:
        history.keep_live_words(current)
        current.save(update_fields=["last_verified", "updated_at"])
        history.record(current, by=by, proposed_by=None)
    else:
        current.save(update_fields=["last_verified", "updated_at"])
    return current


def _publish(item: LocalContent, *, by, proposed_by=None, reviewed: bool) -> LocalContent:
    history.keep_live_words(item)
    item.pending = None
    item.is_live = True
    item.status = Status.PUBLISHED
    item.authors = []
    if reviewed:
        item.reviewed_by = by
        item.reviewed_at = timezone.now()
        item.review_comment = ""
    item.returned_content = None
    item.save()
    history.record(item, by=by, proposed_by=proposed_by)
    return item


@transaction.atomic
def save(*, item: LocalContent, by, submit: bool = False) -> None:
    """Save what `by` wrote in the item's form (`item` holds it), and submit it if asked.

    The approved words of a live item stay on the site: the latest version waits in
    ``pending``, unless `by` is an editor saving without submitting, which publishes it.
    A text changed in one language only flags the other's as possibly out of date.
    """
    _check_translations(item)
    publishes = item.pk is not None and item.is_live and not submit and may_publish(by, type(item))
    if submit or publishes:
        _provenance_checked(item)
    if publishes:
        others = [pk for pk in item.authors if pk != by.pk]
        proposer = item.submitted_by if item.submitted_by_id in others else None
        if proposer is None and others:
            proposer = type(by)._default_manager.filter(pk=others[0]).first()
        _publish(item, by=by, proposed_by=proposer, reviewed=False)
        return
    _credit(item, by)
    if submit:
        item.status = Status.IN_REVIEW
        item.submitted_by = by
        item.submitted_at = timezone.now()
    elif item.status in (Status.IN_REVIEW, Status.PUBLISHED):
        # What waits for review is only ever what was submitted.
        item.status = Status.DRAFT
        item.submitted_by = None
        item.submitted_at = None
    if item.pk is not None and item.is_live:
        item.pending = item.content()
        item.save(update_fields=[*DRAFT_FIELDS, "translations_to_check"])
    else:
        item.pending = None
        item.save()
    if submit:
        notifications.notify(notifications.SUBMITTED, item, by=by)


def _writers(item: LocalContent) -> list[int]:
    return [*item.authors, *([item.submitted_by_id] if item.submitted_by_id else [])]


@transaction.atomic
def approve(*, item: LocalContent, reviewer, seen_revision: int | None) -> LocalContent:
    """Put the version `reviewer` was shown on the site."""
    current = _locked(item)
    refusal = review_refusal(current, reviewer=reviewer, seen_revision=seen_revision)
    if refusal:
        raise WorkflowError(refusal)
    published = current.proposed()
    _provenance_checked(published)
    try:
        published.full_clean()
    except ValidationError as error:
        raise WorkflowError(" ".join(error.messages)) from error
    writers = _writers(current)
    _publish(published, by=reviewer, proposed_by=current.submitted_by, reviewed=True)
    notifications.notify(notifications.APPROVED, published, by=reviewer, writers=writers)
    return published


@transaction.atomic
def return_for_changes(
    *, item: LocalContent, reviewer, seen_revision: int | None, comment: str
) -> LocalContent:
    """Send the version `reviewer` was shown back to its authors, saying what to change."""
    current = _locked(item)
    refusal = review_refusal(current, reviewer=reviewer, seen_revision=seen_revision)
    if refusal:
        raise WorkflowError(refusal)
    if not comment.strip():
        raise WorkflowError(gettext("Say what needs to change, so the submitter can fix it."))
    current.status = Status.RETURNED
    current.reviewed_by = reviewer
    current.reviewed_at = timezone.now()
    current.review_comment = comment.strip()
    current.returned_content = current.proposed().content()
    current.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "returned_content"]
    )
    notifications.notify(notifications.RETURNED, current, by=reviewer, writers=_writers(current))
    return current


@transaction.atomic
def withdraw(*, item: LocalContent, by) -> None:
    """Take an item off the site (it stays, as a draft, to be fixed or deleted)."""
    if not can_withdraw(item, user=by):
        raise WorkflowError(gettext("Only an editor can take a live item off the site."))
    history.keep_live_words(item)  # what citizens saw until now stays in its history
    item.is_live = False
    item.status = Status.DRAFT
    item.withdrawn_at = timezone.now()
    item.save(update_fields=["is_live", "status", "withdrawn_at"])


@transaction.atomic
def restore(*, item: LocalContent, version: PublishedVersion, by) -> None:
    """Take up `version`'s words again as the item's draft: a live item keeps showing its
    current words (the draft waits, as a proposal does), until someone saves or submits."""
    draft = item.with_content(version.content)
    _check_translations(draft)
    draft.status = Status.DRAFT
    draft.submitted_by = None
    draft.submitted_at = None
    _credit(draft, by)
    if draft.is_live:
        draft.pending = version.content
        draft.save(update_fields=[*DRAFT_FIELDS, "translations_to_check"])
    else:
        draft.pending = None
        draft.save()
