"""What changed in the guides, for the change feeds (portal.feeds): each major change a
guide's page history lists, with its note, on the day it went live."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from guides.models import GuideVersion
from portal.feeds import FEED_LENGTH, Change, ChangesFeed


def guide_changes(*, guide_id: int | None = None, limit: int = FEED_LENGTH) -> list[Change]:
    """The major changes of the guides citizens can read (or of one), newest first. A
    minor change (a typo) is not news; a scheduled one is news once its time has come."""
    versions = GuideVersion.objects.filter(
        major_change=True,
        published_at__lte=timezone.now(),
        guide__in=GuideVersion.objects.current().values("guide"),
    )
    if guide_id is not None:
        versions = versions.filter(guide=guide_id)
    return [as_change(version) for version in versions.order_by("-published_at")[:limit]]


def as_change(version: GuideVersion) -> Change:
    return Change(
        key=f"guide:{version.guide_id}:version:{version.number}",
        title=gettext("%(guide)s: updated") % {"guide": version.title},
        note=escape(version.change_note),
        link=version.dated_url(),
        updated=version.published_at,
    )


class GuideFeed(ChangesFeed):
    """/guides/<slug>/feed/: the national guide's changes."""

    def get_object(self, request, slug: str) -> GuideVersion:
        return get_object_or_404(GuideVersion.objects.current(), slug=slug)

    def title(self, obj: GuideVersion) -> str:
        return gettext("Changes to the guide “%(guide)s”") % {"guide": obj.title}

    def subtitle(self, obj: GuideVersion) -> str:
        return gettext("Each change to this guide that readers should know about, with its note.")

    def link(self, obj: GuideVersion) -> str:
        return obj.get_absolute_url()

    def items(self, obj: GuideVersion) -> list[Change]:
        return guide_changes(guide_id=obj.guide_id)


def feed_url(slug: str) -> str:
    return reverse("guides:feed", kwargs={"slug": slug})
