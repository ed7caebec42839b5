"""What differs between two versions of a local item, field by field, for the people who
review and restore them (local.workflow decides what may happen to them)."""

import re
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext

from laws.diff import inline_diff
from local.models import LocalContent


@dataclass
class FieldChange:
    label: str
    before: str
    after: str
    diff: SafeString | None


def _display(item: LocalContent, field) -> str:
    value = getattr(item, field.name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value) or "—")
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    return str(value) if value not in (None, "") else "—"


def field_changes(before: LocalContent | None, after: LocalContent) -> list[FieldChange]:
    """What differs from `before` to `after` (every field of `after` when there is no before)."""
    changes = []
    for field in after.content_fields():
        new = _display(after, field)
        if before is None:
            changes.append(FieldChange(capfirst(str(field.verbose_name)), "", new, None))
            continue
        old = _display(before, field)
        if old != new:
            diff = None
            if isinstance(getattr(before, field.name), str):
                diff = inline_diff(old, new, by_words=bool(re.search("[A-Za-z]", old + new)))
            changes.append(FieldChange(capfirst(str(field.verbose_name)), old, new, diff))
    return changes


def proposed_changes(item: LocalContent) -> list[FieldChange]:
    """What approving would change on the site: every field of a new item, or the
    fields a proposal changes on a live one."""
    return field_changes(item if item.is_live else None, item.proposed())


def changed_since_returned(item: LocalContent) -> list[FieldChange] | None:
    """On a resubmission, what changed since the reviewer returned it; None if it was not
    returned before."""
    if item.returned_content is None or not item.review_comment:
        return None
    try:
        return field_changes(item.with_content(item.returned_content), item.proposed())
    except ObjectDoesNotExist:  # something it named then was deleted since
        return None
