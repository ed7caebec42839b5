"""Change feeds: what changed, when, and where to read it, as Atom 1.0.

Each app says what its own changes are (guides.feeds, laws.feeds, local.feeds) as a list
of `Change`; a `ChangesFeed` shows any such list (django.contrib.syndication). Feeds are
public GET pages like any other, so the page cache keeps them and a publication, which
bumps the content generation (portal.signals), makes them new again.
"""

import copy
import datetime
import uuid
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

# The most entries a feed lists, newest first: readers poll, and keep what they have seen.
FEED_LENGTH = 50


@dataclass(frozen=True)
class Change:
    """One change readers may want to know about."""

    key: str  # what changed, once and for all: "guide:where-to-pay:version:3"
    title: str
    note: str  # HTML, escaped where it holds text
    link: str  # the page to read it on, a path
    updated: datetime.datetime

    @property
    def guid(self) -> str:
        """A stable, unique Atom id: the same entry keeps it in every feed and language."""
        return uuid.uuid5(uuid.NAMESPACE_URL, f"social-security-guide:{self.key}").urn


def newest_first(*lists: list[Change], limit: int = FEED_LENGTH) -> list[Change]:
    merged = [change for changes in lists for change in changes]
    return sorted(merged, key=lambda change: (change.updated, change.key), reverse=True)[:limit]


class ChangesFeed(Feed):
    """An Atom feed of the changes `items()` gives, each with its own updated date."""

    feed_type = Atom1Feed
    item_guid_is_permalink = False
    site = ""  # this site's address, set per request on a copy (the view is shared)

    def get_feed(self, obj, request):
        feed = copy.copy(self)
        feed.site = request.build_absolute_uri("/").rstrip("/")
        return super(ChangesFeed, feed).get_feed(obj, request)

    def author_name(self) -> str:
        return gettext("Social security payment guide")

    def feed_guid(self, obj) -> str:
        link = self._get_dynamic_attr("link", obj)
        return uuid.uuid5(uuid.NAMESPACE_URL, f"social-security-guide:feed:{link}").urn

    def item_title(self, item: Change) -> str:
        return item.title

    def item_description(self, item: Change) -> str:
        # A feed is read away from the site: its links say where they lead in full.
        return item.note.replace('href="/', f'href="{self.site}/')

    def item_link(self, item: Change) -> str:
        return item.link

    def item_guid(self, item: Change) -> str:
        return item.guid

    def item_updateddate(self, item: Change) -> datetime.datetime:
        return item.updated

    def item_pubdate(self, item: Change) -> datetime.datetime:
        return item.updated
