"""Citizen pages of local rules: every region, what differs in one, and a guide for a region."""

from itertools import groupby

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext

from guides.models import Guide, GuideVersion, Step
from guides.pages import ShownGuide
from guides.views import (
    GuidePage,
    checklist_page,
    published_content,
    published_or_404,
    working_copy,
)
from local.localize import (
    Variations,
    as_published,
    collect_variations,
    current_versions,
    localize,
)
from local.models import LOCAL_MODELS
from portal.cache import lazily
from regions.models import Region
from regions.views import get_region_or_404

GUIDES_LISTED = 10


def regions_with_local_content() -> set[str]:
    """Codes of the regions that publish at least one local item."""
    codes: set[str] = set()
    for model in LOCAL_MODELS:
        codes.update(model.objects.published().values_list("region_id", flat=True).distinct())
    return codes


def region_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "regions/region_list.html",
        {
            # Worked out only if the page's content is not cached already.
            "provinces": SimpleLazyObject(Region.objects.provinces_with_cities),
            "with_content": SimpleLazyObject(regions_with_local_content),
            "breadcrumbs": [
                (gettext("Home"), reverse("guides:home")),
                (gettext("Local rules"), None),
            ],
        },
    )


class RegionRules:
    """What differs in a region, grouped as its page shows it."""

    def __init__(self, region: Region):
        self.region = region

    @cached_property
    def variations(self) -> Variations:
        return collect_variations(region=self.region)

    @property
    def has_content(self) -> bool:
        return bool(self.variations.items())

    @property
    def has_demo(self) -> bool:
        return any(item.is_demo for item in self.variations.items())

    @cached_property
    def changes_by_guide(self) -> list[tuple[GuideVersion, list[tuple[Step, list]]]]:
        """Each guide with changes here, as published, and its changed steps as published,
        each with its changes. A change to something not yet published is not shown."""
        changes = self.variations.changes()
        versions = current_versions(changes)
        shown = as_published(changes, versions)
        published = {version.guide_id: version for version in versions}
        shown.sort(
            key=lambda c: (published[c.step.guide_id].title, c.shown_step.position, c.step_id)
        )
        return [
            (
                published[guide_id],
                [
                    (changes[0].shown_step, changes)
                    for _, group in groupby(items, lambda change: change.step_id)
                    for changes in [list(group)]
                ],
            )
            for guide_id, group in groupby(shown, key=lambda change: change.step.guide_id)
            for items in [list(group)]
        ]


def region_detail(request: HttpRequest, path: str) -> HttpResponse:
    region = get_region_or_404(path)
    breadcrumbs = [
        (gettext("Home"), reverse("guides:home")),
        (gettext("Local rules"), reverse("local:index")),
    ]
    if region.is_city:
        breadcrumbs.append((region.parent.name, region.parent.get_absolute_url()))
    breadcrumbs.append((region.name, None))
    return render(
        request,
        "regions/region_detail.html",
        {
            "region": region,
            **lazily(
                RegionRules(region), "variations", "has_content", "has_demo", "changes_by_guide"
            ),
            # Where nothing differs, the first guides, each for this region (all: /guides/).
            "guides": GuideVersion.objects.current().order_by("title")[:GUIDES_LISTED],
            "cities": region.children.all() if not region.is_city else [],
            "breadcrumbs": breadcrumbs,
        },
    )


class LocalGuidePage(GuidePage):
    """A guide page for a region: the national guide with the region's rules in it."""

    @cached_property
    def local(self) -> ShownGuide:
        return localize(built=self.built, region=self.place)


def guide_detail(request: HttpRequest, slug: str, region: str) -> HttpResponse:
    place = get_region_or_404(region)
    version = published_or_404(slug)
    return LocalGuidePage(request, published_content(version), place, version=version).render()


def checklist(request: HttpRequest, slug: str, region: str) -> HttpResponse:
    place = get_region_or_404(region)
    version = published_or_404(slug)

    def materials() -> ShownGuide:  # only if the content is not cached already
        return localize(built=published_content(version), region=place)

    return checklist_page(request, version, place, SimpleLazyObject(materials))


def preview_for_region(request: HttpRequest, pk: int, region: str) -> HttpResponse:
    """An editor's preview of a guide's working copy with a region's rules in it (routed in
    the admin, portal.sites)."""
    if not request.user.has_perm("guides.view_guide"):
        raise PermissionDenied  # before looking: which guides exist is not told
    guide = Guide.objects.filter(pk=pk).first()
    if guide is None:
        raise Http404(gettext("No such guide."))
    place = get_region_or_404(region)
    response = LocalGuidePage(request, working_copy(guide), place, preview=True).render()
    response["X-Robots-Tag"] = "noindex"
    return response
