"""Change feeds of local rules, of a guide for a region, and of the whole site, and the
public "Recent changes" page: one list of changes (portal.feeds.Change), drawn from the
guides' versions, the local items' published versions and the law's amendments.

A local item's changes are its publications (editorial.PublishedVersion), and its live
words where they were published before versions were kept (imported items), as its
history shows them (local.history). Only items citizens can read now are listed.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext

from editorial.models import PublishedVersion
from guides.feeds import guide_changes
from guides.models import GuideVersion
from guides.views import published_or_404
from laws.feeds import statute_changes
from local import history
from local.localize import as_published
from local.models import GUIDE_CHANGES, LOCAL_MODELS, LocalContent, Office
from portal.feeds import FEED_LENGTH, Change, ChangesFeed, newest_first
from portal.templatetags import bilingual
from regions.models import Region
from regions.views import get_region_or_404

RECENT_PER_PAGE = 25


def local_changes(querysets: list, *, limit: int = FEED_LENGTH) -> list[Change]:
    """The publications of the live items the querysets give (one per kind of item),
    newest first: two queries per kind, one for their versions, one for the guides."""
    items: list[LocalContent] = []
    for queryset in querysets:
        related = ["region__parent"] + (["step__guide"] if queryset.model in GUIDE_CHANGES else [])
        found = list(queryset.published().select_related(*related).order_by("-updated_at")[:limit])
        items += as_published(found) if queryset.model in GUIDE_CHANGES else found
    if not items:
        return []
    types = {model: ContentType.objects.get_for_model(model) for model in {type(i) for i in items}}
    wanted = Q()
    for model, content_type in types.items():
        ids = [item.pk for item in items if type(item) is model]
        wanted |= Q(content_type=content_type, object_id__in=ids)
    versions: dict[tuple[int, int], list[PublishedVersion]] = {}
    for version in PublishedVersion.objects.filter(wanted).order_by("-published_at"):
        versions.setdefault((version.content_type_id, version.object_id), []).append(version)
    changes = []
    for item in items:
        kept = versions.get((types[type(item)].pk, item.pk), [])
        times = [version.published_at for version in kept]
        if history.live_words_unkept(item, kept[0] if kept else None):
            times.insert(0, history.published_at(item))
        changes += _item_changes(item, times)
    return newest_first(changes, limit=limit)


def _item_changes(item: LocalContent, times: list) -> list[Change]:
    """Each publication of `item` (newest first): what it says now, then its earlier words."""
    title, body = item.as_text()
    model = item._meta.model_name
    changes = []
    for number, at in enumerate(times):
        if number == 0:
            note = bilingual.mark_other_language(Truncator(body.strip()).chars(300) or title)
        else:
            note = escape(gettext("Earlier wording, replaced since."))
        changes.append(
            Change(
                key=f"{model}:{item.pk}:{at.isoformat()}",
                title=title,
                note=note,
                link=item.get_absolute_url(),
                updated=at,
            )
        )
    return changes


def of_regions(chain: list[Region], *, guide_id: int | None = None) -> list:
    """For each kind of local item, those that apply in the last region of `chain` (offices
    only in the region itself, as they do not pass down), or that change one guide there."""
    codes = [place.code for place in chain]
    models = GUIDE_CHANGES if guide_id is not None else LOCAL_MODELS
    querysets = []
    for model in models:
        items = model.objects.filter(region__in=codes)
        if model is Office:
            items = model.objects.filter(region=codes[-1])
        if guide_id is not None:
            items = items.filter(step__guide=guide_id)
        querysets.append(items)
    return querysets


def everything(limit: int = FEED_LENGTH) -> list[Change]:
    """Every change: the guides', the local items' (national ones too) and the law's."""
    return newest_first(
        guide_changes(limit=limit),
        local_changes([model.objects.all() for model in LOCAL_MODELS], limit=limit),
        statute_changes(limit=limit),
        limit=limit,
    )


class LocalGuideFeed(ChangesFeed):
    """/guides/<slug>/<region>/feed/: the guide's changes, and the region's rules for it."""

    def get_object(self, request, slug: str, region: str) -> tuple[GuideVersion, Region]:
        return published_or_404(slug), get_region_or_404(region)

    def title(self, obj) -> str:
        version, region = obj
        return gettext("Changes to the guide “%(guide)s” for %(region)s") % {
            "guide": version.title,
            "region": region.full_name,
        }

    def subtitle(self, obj) -> str:
        return gettext("The guide's changes, and those of the local rules that change it here.")

    def link(self, obj) -> str:
        version, region = obj
        return reverse("local:guide", kwargs={"slug": version.slug, "region": region.path})

    def items(self, obj) -> list[Change]:
        version, region = obj
        local = local_changes(of_regions(region.chain, guide_id=version.guide_id))
        return newest_first(guide_changes(guide_id=version.guide_id), local)


class RegionFeed(ChangesFeed):
    """/regions/<region>/feed/: the local rules, offices, services and figures that apply in
    a region (its own and its province's)."""

    def get_object(self, request, path: str) -> Region:
        return get_region_or_404(path)

    def title(self, obj: Region) -> str:
        return gettext("Changes to the local rules in %(region)s") % {"region": obj.full_name}

    def subtitle(self, obj: Region) -> str:
        return gettext("Local rules, offices, hotlines, services and figures, as published.")

    def link(self, obj: Region) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Region) -> list[Change]:
        return local_changes(of_regions(obj.chain))


class SiteFeed(ChangesFeed):
    """/feed/: every change on the site."""

    def title(self) -> str:
        return gettext("Recent changes on this site")

    def subtitle(self) -> str:
        return gettext("Changes to the guides, the local rules and figures, and the law.")

    def link(self) -> str:
        return reverse("local:recent_changes")

    def items(self) -> list[Change]:
        return everything()


def recent_changes(request):
    """The public "Recent changes" page: the site feed's entries, as a page."""
    page = Paginator(everything(), RECENT_PER_PAGE).get_page(request.GET.get("page"))
    crumbs = [(gettext("Home"), reverse("guides:home")), (gettext("Recent changes"), None)]
    return render(
        request,
        "local/recent_changes.html",
        {"page": page, "changes": page, "breadcrumbs": crumbs},
    )


def region_feed_url(region: Region) -> str:
    return reverse("local:region_feed", kwargs={"path": region.path})
