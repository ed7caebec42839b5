"""Citizen pages of the regions app: every region, and what differs in one of them."""

from itertools import groupby

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject, cached_property

from guides.localize import Variations, collect_variations
from guides.models import Guide, Step
from portal.cache import cached_object, lazily
from regions.models import LOCAL_MODELS, Region

GUIDES_LISTED = 10


def find_region(path: str) -> Region | None:
    """The region at a URL path ('440000' or '440000/440300'), if there is one."""
    try:
        return cached_object("region", path, build=lambda: Region.objects.get_by_path(path))
    except Region.DoesNotExist:
        return None


def get_region_or_404(path: str) -> Region:
    region = find_region(path)
    if region is None:
        raise Http404("No such region")
    return region


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
            "breadcrumbs": [("Home", reverse("guides:home")), ("Local rules", None)],
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
    def changes_by_guide(self) -> list[tuple[Guide, list[tuple[Step, list]]]]:
        """Each guide with changes here, and its changed steps, each with its changes."""
        return [
            (guide, [(step, list(group)) for step, group in groupby(changes, lambda c: c.step)])
            for guide, changes in groupby(self.variations.changes(), key=lambda c: c.step.guide)
        ]


def region_detail(request: HttpRequest, path: str) -> HttpResponse:
    region = get_region_or_404(path)
    breadcrumbs = [
        ("Home", reverse("guides:home")),
        ("Local rules", reverse("regions:index")),
    ]
    if region.is_city:
        breadcrumbs.append((region.parent.name_en, region.parent.get_absolute_url()))
    breadcrumbs.append((region.name_en, None))
    return render(
        request,
        "regions/region_detail.html",
        {
            "region": region,
            **lazily(
                RegionRules(region), "variations", "has_content", "has_demo", "changes_by_guide"
            ),
            # Where nothing differs, the first guides, each for this region (all: /guides/).
            "guides": Guide.objects.published()[:GUIDES_LISTED],
            "cities": region.children.all() if not region.is_city else [],
            "breadcrumbs": breadcrumbs,
        },
    )


def region_data(request: HttpRequest) -> JsonResponse:
    """Every region's code, province, and names: what the chooser's type-ahead needs."""
    regions = [
        [region.code, region.parent_id or "", region.name_zh, region.name_en]
        for region in Region.objects.order_by("code")
    ]
    response = JsonResponse({"regions": regions}, json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=3600)
    return response
