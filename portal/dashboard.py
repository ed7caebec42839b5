"""What needs me: the admin's landing page, for each role.

Regional staff see, in their regions, the items returned to them with the editor's
comment, the drafts not yet submitted and the items due a check against their source.
Editors see the review queue, the steps whose cited law changed, the publications
scheduled, the items due a check, and the searches that found nothing. Each entry links
to the screen that settles it. Built in a fixed number of queries, however many entries
there are (a test counts them): one per kind of local item, and one or two for the rest.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext_lazy

from editorial.models import LinkCheck
from editorial.scoping import is_editor, region_scope
from feedback.models import Feedback
from guides import lawchanges
from guides.models import GuideVersion
from local import freshness
from local.models import LOCAL_MODELS, LocalContent, Status
from local.review import is_reviewer, waiting_items
from search.models import MissedSearch

SHOWN = 10  # entries shown in a section; the rest are counted and linked


@dataclass
class Entry:
    title: str
    url: str  # the screen that settles it
    note: str = ""  # the editor's comment, what changed: shown escaped
    when: datetime.date | datetime.datetime | None = None
    still_right_url: str = ""  # a one-click confirmation, for an item due a check


@dataclass
class Section:
    key: str  # the section's id on the page
    title: str
    empty: str  # said when there is nothing
    entries: list[Entry] = field(default_factory=list)
    more_url: str = ""  # the full list, when there are more than SHOWN
    summary: str = ""  # a line above the entries, linked to more_url

    total: int | None = None  # when only the first entries were read

    @property
    def count(self) -> int:
        return len(self.entries) if self.total is None else self.total

    @property
    def shown(self) -> list[Entry]:
        return self.entries[:SHOWN]

    @property
    def hidden(self) -> int:
        return max(0, self.count - SHOWN)


def _admin_url(model, name: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}", args=args)


def _label(item: LocalContent) -> str:
    # Translators: a local item in a list of work: "Office: Shenzhen: Futian service hall".
    return gettext("%(kind)s: %(item)s") % {
        "kind": capfirst(type(item)._meta.verbose_name),
        "item": item,
    }


def _local_work(user) -> tuple[list, list, list, int]:
    """(returned, drafts, due a check, how many are due) among the local items `user` may
    change, in their regions: one query for each kind of item. Editors, whose regions are
    all of them, get only the items due a check, the first few of each kind, and a count."""
    scope = region_scope(user)
    due_before = freshness.fresh_since()
    returned, drafts, due, due_count = [], [], [], 0
    for model in LOCAL_MODELS:
        if not user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}"):
            continue
        items = model.objects.select_related("region", *model.named_with)
        if scope is None:
            items = items.filter(last_verified__lt=due_before)
            due_count += items.count()
            items = items.order_by("last_verified", "pk")[:SHOWN]
        else:
            items = items.filter(
                Q(status__in=[Status.RETURNED, Status.DRAFT]) | Q(last_verified__lt=due_before),
                region__in=scope,
            ).order_by("last_verified", "pk")
        for item in items:
            change_url = _admin_url(model, "change", item.pk)
            if item.status == Status.RETURNED:
                returned.append(
                    Entry(_label(item), change_url, note=item.review_comment, when=item.reviewed_at)
                )
            elif item.status == Status.DRAFT:
                drafts.append(Entry(_label(item), change_url, when=item.updated_at))
            if item.last_verified is not None and item.last_verified < due_before:
                due.append(
                    Entry(
                        _label(item),
                        change_url,
                        when=item.last_verified,
                        still_right_url=_admin_url(model, "still_right", item.pk),
                    )
                )
    if scope is not None:
        due_count = len(due)
    due.sort(key=lambda entry: entry.when)  # the longest unchecked first, of every kind
    return returned, drafts, due, due_count


def _waiting(item: LocalContent) -> Entry:
    return Entry(
        _label(item),
        reverse("admin:review_item", args=[type(item)._meta.model_name, item.pk]),
        note=gettext("Submitted by %(name)s") % {"name": item.submitted_by},
        when=item.submitted_at,
    )


def _law_changes() -> list[Entry]:
    return [
        Entry(
            gettext("%(guide)s, step %(position)s: %(title)s")
            % {"guide": item.step.guide, "position": item.step.position, "title": item.step.title},
            reverse("admin:guides_guide_law_changes", args=[item.step.guide_id])
            + f"#step-{item.step.pk}",
            note=gettext("The law it cites changed on %(day)s.")
            % {"day": item.law_change.day.isoformat()},
            when=item.law_change.checked_at,
        )
        for item in lawchanges.steps_to_check()
    ]


def _scheduled() -> list[Entry]:
    versions = GuideVersion.objects.scheduled().order_by("published_at")
    return [
        Entry(
            gettext("%(guide)s, version %(number)s") % {"guide": v.title, "number": v.number},
            reverse("admin:guides_guide_change", args=[v.guide_id]),
            note=v.change_note,
            when=v.published_at,
        )
        for v in versions.only("guide_id", "title", "number", "change_note", "published_at")
    ]


def _feedback(user) -> tuple[list[Entry], int]:
    """What citizens said, not yet dealt with: about the user's regions' pages, or for an
    editor, about the others (feedback.routing)."""
    scope = region_scope(user)
    found = Feedback.objects.exclude(status=Feedback.Status.DONE).select_related("region")
    found = found.filter(region__isnull=True) if scope is None else found.filter(region__in=scope)
    return [
        Entry(
            f"{feedback.get_kind_display()}: {feedback.page}",
            reverse("admin:feedback_feedback_change", args=[feedback.pk]),
            note=Truncator(feedback.comment).chars(200),
            when=feedback.received_at,
        )
        for feedback in found[:SHOWN]
    ], found.count()


def _broken_links() -> tuple[list[Entry], int]:
    found = LinkCheck.objects.exclude(result=LinkCheck.Result.OK).order_by("-checked_at", "url")
    entries = []
    for link in found[:SHOWN]:
        places = link.found_in or [{"label": link.url, "admin_url": ""}]
        detail = link.moved_to or link.error or str(link.status_code or "")
        entries.append(
            Entry(
                f"{link.url}: {link.get_result_display()}" + (f" ({detail})" if detail else ""),
                places[0]["admin_url"]
                or reverse("admin:editorial_linkcheck_change", args=[link.pk]),
                note="; ".join(place["label"] for place in places),
                when=link.checked_at,
            )
        )
    return entries, found.count()


def _missed_searches() -> tuple[list[Entry], int]:
    url = reverse("admin:search_missedsearch_changelist")
    return [
        Entry(
            search.query,
            f"{url}?{urlencode({'q': search.query})}",
            note=gettext("%(times)s times, last on %(day)s")
            % {"times": search.times, "day": search.last_searched.isoformat()},
        )
        for search in MissedSearch.objects.all()[:SHOWN]
    ], MissedSearch.objects.count()


def sections(request) -> list[Section]:
    user = request.user
    editor = is_editor(user)
    returned, drafts, due, due_count = _local_work(user)
    found = []
    if is_reviewer(user):
        waiting = [_waiting(item) for item in waiting_items(user)]
        found.append(
            Section(
                "review",
                pgettext_lazy("noun", "Review"),
                gettext_lazy("Nothing is waiting for review."),
                entries=waiting,
                more_url=reverse("admin:review_queue"),
                summary=ngettext(
                    "%(count)d submission waiting for review",
                    "%(count)d submissions waiting for review",
                    len(waiting),
                )
                % {"count": len(waiting)},
            )
        )
    if not editor:
        found += [
            Section(
                "returned",
                gettext_lazy("Returned to you for changes"),
                gettext_lazy("Nothing has been returned for changes."),
                entries=returned,
            ),
            Section(
                "drafts",
                gettext_lazy("Drafts not submitted"),
                gettext_lazy("No draft is waiting to be submitted."),
                entries=drafts,
            ),
        ]
    if user.has_perm("feedback.view_feedback"):
        said, total = _feedback(user)
        found.append(
            Section(
                "feedback",
                gettext_lazy("Feedback on your pages") if not editor else gettext_lazy("Feedback"),
                gettext_lazy("No feedback is waiting."),
                entries=said,
                total=total,
                more_url=reverse("admin:feedback_feedback_changelist"),
            )
        )
    found.append(
        Section(
            "check",
            gettext_lazy("Needs checking against its source"),
            gettext_lazy("Nothing is due a check against its source."),
            entries=due,
            total=due_count,
        )
    )
    if editor:
        found += [
            Section(
                "law",
                gettext_lazy("Steps whose cited law changed"),
                gettext_lazy("No step cites law that changed since it was last checked."),
                entries=_law_changes(),
            ),
            Section(
                "scheduled",
                gettext_lazy("Scheduled publications"),
                gettext_lazy("No publication is scheduled."),
                entries=_scheduled(),
            ),
        ]
        if user.has_perm("editorial.view_linkcheck"):
            broken, total = _broken_links()
            found.append(
                Section(
                    "links",
                    gettext_lazy("Broken links"),
                    gettext_lazy("The last link check found every link working."),
                    entries=broken,
                    total=total,
                    more_url=reverse("admin:editorial_linkcheck_changelist"),
                )
            )
        if user.has_perm("search.view_missedsearch"):
            missed, total = _missed_searches()
            found.append(
                Section(
                    "missed",
                    gettext_lazy("Searches that found nothing"),
                    gettext_lazy("Every search found something."),
                    entries=missed,
                    total=total,
                    more_url=reverse("admin:search_missedsearch_changelist"),
                )
            )
    return found
