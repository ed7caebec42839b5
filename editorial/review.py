"""Review of local content: regional staff submit, an editor approves or returns.

An item's own fields are what citizens see once it is live. A change to a live
item proposed by regional staff is kept in `pending` until approved, so the
site never shows unreviewed words. The reviewer is never the submitter.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import SafeString

from editorial import history
from laws.diff import inline_diff
from regions.models import LocalContent, Status


class ReviewError(Exception):
    """A review that cannot be done; the message says why, for the reviewer."""


@dataclass
class FieldChange:
    label: str
    before: str
    after: str
    diff: SafeString | None


def _display(item: LocalContent, field) -> str:
    value = getattr(item, field.name)
    if field.choices:
        return dict(field.flatchoices).get(value, value) or "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value) if value not in (None, "") else "—"


def field_changes(before: LocalContent | None, after: LocalContent) -> list[FieldChange]:
    """What differs from `before` to `after` (every field of `after` when there is no before)."""
    changes = []
    for field in after.content_fields():
        new = _display(after, field)
        if before is None:
            changes.append(FieldChange(str(field.verbose_name).capitalize(), "", new, None))
            continue
        old = _display(before, field)
        if old != new:
            diff = None
            if isinstance(getattr(before, field.name), str):
                diff = inline_diff(old, new, by_words=bool(re.search("[A-Za-z]", old + new)))
            changes.append(FieldChange(str(field.verbose_name).capitalize(), old, new, diff))
    return changes


def proposed_changes(item: LocalContent) -> list[FieldChange]:
    """What approving would change on the site: every field of a new item, or the
    fields a proposal changes on a live one."""
    return field_changes(item if item.is_live else None, item.proposed())


def submit(*, item: LocalContent, user) -> None:
    item.status = Status.IN_REVIEW
    item.submitted_by = user
    item.submitted_at = timezone.now()


@transaction.atomic
def approve(*, item: LocalContent, reviewer) -> LocalContent:
    """Put the item's latest version on the site."""
    if item.submitted_by_id is not None and item.submitted_by_id == reviewer.pk:
        raise ReviewError("You submitted this change, so another editor must review it.")
    published = item.proposed()
    try:
        published.full_clean()
    except ValidationError as error:
        raise ReviewError(" ".join(error.messages)) from error
    published.pending = None
    published.is_live = True
    published.status = Status.PUBLISHED
    published.reviewed_by = reviewer
    published.reviewed_at = timezone.now()
    published.review_comment = ""
    history.keep_live_words(item)
    published.save()
    history.record(published, by=reviewer, proposed_by=item.submitted_by)
    return published


@transaction.atomic
def return_for_changes(*, item: LocalContent, reviewer, comment: str) -> None:
    if not comment.strip():
        raise ReviewError("Say what needs to change, so the submitter can fix it.")
    if item.submitted_by_id is not None and item.submitted_by_id == reviewer.pk:
        raise ReviewError("You submitted this change, so another editor must review it.")
    item.status = Status.RETURNED
    item.reviewed_by = reviewer
    item.reviewed_at = timezone.now()
    item.review_comment = comment.strip()
    item.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])


@transaction.atomic
def withdraw(*, item: LocalContent) -> None:
    """Take an item off the site (it stays, as a draft, to be fixed or deleted)."""
    item.is_live = False
    item.status = Status.DRAFT
    item.save(update_fields=["is_live", "status"])
