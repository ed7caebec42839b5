"""Published versions of local items.

Whenever a local item's words go live (an editor approves a proposal, or saves a live
item), what it now says is kept, and so are the words it replaces if they were not kept
yet (items published before versions were kept, or imported): no approval or save ever
loses what citizens read before.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone

from editorial.models import PublishedVersion
from local.models import LocalContent


def versions_of(item: LocalContent) -> QuerySet[PublishedVersion]:
    """The item's published versions, newest first."""
    return PublishedVersion.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    ).select_related("published_by", "proposed_by")


def history_of(item: LocalContent) -> list[PublishedVersion]:
    """The item's versions, newest first, starting with its live words even where they
    were published before versions were kept (imported items)."""
    versions = list(versions_of(item))
    if live_words_unkept(item, versions[0] if versions else None):
        versions.insert(0, _as_version(item))
    return versions


def live_words_unkept(item: LocalContent, latest: PublishedVersion | None) -> bool:
    """Whether `item` is live with words its latest kept version does not hold (published
    before versions were kept, or imported)."""
    return item.is_live and (latest is None or latest.content != item.content())


def published_at(item: LocalContent):
    """When the item's live words went live, as far as the item itself says."""
    return item.reviewed_at or item.updated_at


def keep_live_words(item: LocalContent) -> None:
    """Before the live words of `item` are replaced: keep them, if they are not kept yet."""
    live = type(item).objects.filter(pk=item.pk, is_live=True).first() if item.pk else None
    if live is None:
        return
    latest = versions_of(live).first()
    if latest is None or latest.content != live.content():
        _as_version(live).save()


def _as_version(live: LocalContent) -> PublishedVersion:
    return PublishedVersion(
        item=live,
        content=live.content(),
        published_at=published_at(live),
        published_by=live.reviewed_by,
        proposed_by=live.submitted_by,
    )


def record(item: LocalContent, *, by, proposed_by=None) -> None:
    """`item`'s words have just gone live: keep them (once; a save changing nothing adds none)."""
    latest = versions_of(item).first()
    if latest is not None and latest.content == item.content():
        return
    PublishedVersion.objects.create(
        item=item,
        content=item.content(),
        published_at=timezone.now(),
        published_by=by,
        proposed_by=proposed_by if proposed_by != by else None,
    )


def as_they_stood(items: list[LocalContent], end) -> list[LocalContent]:
    """Of `items` (of one kind, live or not), those citizens saw just before `end`, each
    saying what it said then: its latest words published before `end` (its kept versions,
    or its live words where they were never kept), unless it was withdrawn after them and
    before `end`. One query."""
    if not items:
        return []
    model = type(items[0])
    kept: dict[int, PublishedVersion] = {}
    for version in PublishedVersion.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[item.pk for item in items],
        published_at__lt=end,
    ).order_by("published_at", "pk"):
        kept[version.object_id] = version  # the latest wins
    stood = []
    for item in items:
        version = kept.get(item.pk)
        candidates = []
        if version is not None:
            candidates.append((version.published_at, item.with_content(version.content)))
        if published_at(item) < end and live_words_unkept(item, version):
            candidates.append((published_at(item), item))  # live, and never kept
        if not candidates:
            continue
        went_live, shown = max(candidates, key=lambda candidate: candidate[0])
        if item.withdrawn_at and went_live < item.withdrawn_at < end:
            continue
        stood.append(shown)
    return stood
