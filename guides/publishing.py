"""Publication and history of guides.

Editors work on the guide itself: its rows are the working copy, saved as often
as they like and never shown to citizens (the collections-publisher design, as
GOV.UK's step-by-step navigation keeps it). Publishing records a *version*: the
whole guide as data (guides.tree), with who published it, when, the change note
and whether the change is major. Citizens read the current version, chosen when
a page is read (GuideVersion.objects.current()): a version recorded for a later
time is simply not current yet, and goes live at its time with nothing written
then. Versions are never changed, so any two can be compared and an old one
written back onto the working copy. Rows keep their ids through all this, so a
region's local variations stay attached to the steps, materials and methods they
change.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from guides import tree
from guides.models import Guide, GuideVersion, Step, VersionCitation
from laws.diff import inline_diff
from portal.cache import PAGE_TIMEOUT, fragment


class PublishError(Exception):
    """A publication that cannot be done; the message says why, for the editor."""


def latest_version(guide: Guide) -> GuideVersion | None:
    """The last version recorded, scheduled or not."""
    return guide.versions.order_by("-published_at", "-number").first()


def current_version(guide: Guide) -> GuideVersion | None:
    """The version citizens read now, if any."""
    return GuideVersion.objects.current().filter(guide=guide).first()


def scheduled_version(guide: Guide) -> GuideVersion | None:
    return GuideVersion.objects.scheduled().filter(guide=guide).first()


def has_unpublished_changes(guide: Guide) -> bool:
    """Whether the working copy says something its latest version does not (compared as
    tree.data() writes it today: older versions kept more)."""
    latest = latest_version(guide)
    return latest is None or tree.data(guide) != tree.data_from(latest.data)


@dataclass
class Standing:
    """Where a guide stands, as its admin screen shows it."""

    current: GuideVersion | None
    scheduled: GuideVersion | None
    unpublished_changes: bool


def standing(guide: Guide) -> Standing:
    return Standing(
        current=current_version(guide),
        scheduled=scheduled_version(guide),
        unpublished_changes=has_unpublished_changes(guide),
    )


@transaction.atomic
def publish(
    *,
    guide: Guide,
    user,
    change_note: str,
    major: bool,
    at: datetime.datetime | None = None,
) -> GuideVersion:
    """Record what the guide now says as its next version, live now or from `at`."""
    if not change_note.strip():
        raise PublishError(
            gettext("Write a change note: readers and editors see it in the history.")
        )
    guide = Guide.objects.select_for_update().get(pk=guide.pk)
    now = timezone.now()
    scheduled = scheduled_version(guide)
    if scheduled is not None:
        due = timezone.localtime(scheduled.published_at)
        raise PublishError(
            gettext(
                "Version %(number)s is scheduled for %(date)s at %(time)s: unschedule it first, "
                "so that it does not replace this one at its time."
            )
            % {
                "number": scheduled.number,
                # Translators: how the day a version is scheduled for is written, in Django's
                # date format (https://docs.djangoproject.com/en/5.2/ref/templates/builtins/#date).
                "date": date_format(due, gettext("d F Y")),
                # Translators: how the time a version is scheduled for is written, in Django's
                # date format: "H:i" is 14:30.
                "time": date_format(due, gettext("H:i")),
            }
        )
    if at is not None and at <= now:
        raise PublishError(
            gettext("Choose a time in the future, or leave it empty to publish now.")
        )
    withdrawn = guide.withdrawn_at is not None
    if not withdrawn and not has_unpublished_changes(guide):
        raise PublishError(
            gettext("Nothing has changed since the last version: there is nothing to publish.")
        )
    return record_version(
        guide=guide,
        user=user,
        note=change_note.strip(),
        major=major,
        at=at or now,
    )


def record_version(*, guide: Guide, user, note: str, major: bool, at) -> GuideVersion:
    """Keep what the guide now says as its next version, current from `at`."""
    number = (guide.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    data = tree.data(guide)
    _changed_steps_checked(guide, data, user)
    version = GuideVersion.objects.create(
        guide=guide,
        slug=guide.slug,
        **tree.texts_of(data, "title"),
        number=number,
        data=data,
        published_at=at,
        published_by=user,
        change_note=note,
        major_change=major,
    )
    VersionCitation.objects.bulk_create(
        VersionCitation(
            version=version,
            article_id=citation["article_id"],
            paragraph_id=citation["paragraph_id"],
            step_position=step.get("position") if step else None,
            **(
                {
                    f"step_{key}": text
                    for key, text in tree.texts_of(step, "title", part=tree.STEP).items()
                }
                if step
                else {}
            ),
        )
        for step, citations in [(None, data["legal_basis"])]
        + [(step, step["citations"]) for step in data["steps"]]
        for citation in citations
    )
    return version


def _changed_steps_checked(guide: Guide, data: dict, user) -> None:
    """A step published with changes (or for the first time) was written against the law
    as it now reads: it counts as checked (guides.lawchanges)."""
    before = latest_version(guide)
    was = {step.get("id"): step for step in before.data["steps"]} if before else {}
    changed = [step["id"] for step in data["steps"] if was.get(step["id"]) != step]
    if changed:
        Step.objects.filter(pk__in=changed).update(
            law_checked_at=timezone.now(), law_checked_by=user
        )


@transaction.atomic
def unschedule(*, guide: Guide) -> GuideVersion:
    """Take back the version scheduled for later; the working copy keeps its words."""
    scheduled = scheduled_version(guide)
    if scheduled is None:
        raise PublishError(gettext("Nothing is scheduled for this guide."))
    scheduled.delete()
    return scheduled


@transaction.atomic
def withdraw(*, guide: Guide) -> int:
    """Off the site from now, until a version is published again. Its history is kept; a
    version scheduled for later is taken back, so nothing brings the guide back by itself.
    Returns how many scheduled versions were taken back."""
    unscheduled, _ = GuideVersion.objects.scheduled().filter(guide=guide).delete()
    guide.withdrawn_at = timezone.now()
    guide.save(update_fields=["withdrawn_at", "updated_at"])
    return unscheduled


@transaction.atomic
def restore(*, guide: Guide, version: GuideVersion) -> None:
    """The working copy says again what `version` said; publishing it makes it live."""
    try:
        tree.write(guide, version.data)
    except tree.TreeError as error:
        raise PublishError(str(error)) from error


def discard_changes(*, guide: Guide) -> GuideVersion:
    """The working copy back to its latest version, dropping what was not published."""
    latest = latest_version(guide)
    if latest is None:
        raise PublishError(
            gettext("This guide was never published: there is no version to go back to.")
        )
    restore(guide=guide, version=latest)
    return latest


def deleted_guides() -> list[GuideVersion]:
    """The last published version of each deleted guide: versions outlive their guide."""
    latest: dict[str, GuideVersion] = {}
    for version in GuideVersion.objects.filter(guide=None).order_by("-published_at", "-number"):
        latest.setdefault(version.slug, version)
    return sorted(latest.values(), key=lambda version: version.slug)


@transaction.atomic
def restore_deleted(*, version: GuideVersion) -> Guide:
    """A deleted guide back, unpublished, as it was in `version`, with its history."""
    if version.guide_id is not None:
        raise PublishError(
            gettext("This guide was not deleted: restore its versions from its history.")
        )
    if Guide.objects.filter(slug=version.slug).exists():
        raise PublishError(
            gettext(
                "Another guide now has the address “%(address)s”. Change that guide's address, "
                "or delete it, before restoring this one."
            )
            % {"address": version.slug}
        )
    guide = Guide(slug=version.slug)
    tree.write(guide, version.data)
    # Its history comes back with it, unless two deleted guides shared the address.
    history = GuideVersion.objects.filter(guide=None, slug=version.slug)
    # A version scheduled for later never went live: it does not come back to go live.
    history.filter(published_at__gt=timezone.now()).delete()
    numbers = list(history.values_list("number", flat=True))
    if len(numbers) == len(set(numbers)):
        history.update(guide=guide)
        # Back, but not on the site until an editor publishes it again.
        guide.withdrawn_at = timezone.now()
        guide.save(update_fields=["withdrawn_at"])
    return guide


def next_publication() -> datetime.datetime | None:
    """When the next scheduled version goes live, if any: no kept page outlives it."""
    return GuideVersion.objects.scheduled().aggregate(due=Min("published_at"))["due"]


def kept_next_publication() -> datetime.datetime | None:
    """next_publication(), asked whenever a page is kept, so itself kept until content
    changes (scheduling a version is a change): most requests need no query for it."""
    (due,) = fragment(
        "next-publication",
        build=lambda: (next_publication(),),
        timeout=PAGE_TIMEOUT,  # not "until the next publication": that is this
    )
    if due is not None and due <= timezone.now():
        return next_publication()  # that one is live: the next, until the kept time is built again
    return due


# --- History -----------------------------------------------------------------


@dataclass
class Difference:
    where: str
    before: str
    after: str
    diff: SafeString


def compare(before: dict, after: dict) -> list[Difference]:
    """What differs between two versions' data, part by part."""
    old, new = tree.texts(before), tree.texts(after)
    differences = []
    for where in dict.fromkeys([*old, *new]):
        a, b = old.get(where, ""), new.get(where, "")
        if a != b:
            differences.append(Difference(where, a, b, inline_diff(a, b, by_words=True)))
    return differences
