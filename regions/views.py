"""Citizen pages of the regions app: every region, and what differs in one of them."""

from itertools import groupby

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control

from guides.localize import collect_variations
from guides.models import Guide
from regions.models import LOCAL_MODELS, Region


def get_region_or_404(path: str) -> Region:
    try:
        return Region.objects.get_by_path(path)
    except Region.DoesNotExist:
        raise Http404("No such region") from None


def regions_with_local_content() -> set[str]:
    """Codes of the regions that publish at least one local item."""
    codes: set[str] = set()
    for model in LOCAL_MODELS:
        codes.update(model.objects.published().values_list("region_id", flat=True).distinct())
    return codes


def region_list(request: HttpRequest) -> HttpResponse:
    regions = list(Region.objects.all())
    provinces = [region for region in regions if not region.is_city]
    cities = {
        code: list(group)
        for code, group in groupby(
            sorted((r for r in regions if r.is_city), key=lambda r: r.parent_id),
            key=lambda r: r.parent_id,
        )
    }
    for province in provinces:
        province.cities = cities.get(province.code, [])
    return render(
        request,
        "regions/region_list.html",
        {
            "provinces": provinces,
            "with_content": regions_with_local_content(),
            "breadcrumbs": [("Home", reverse("guides:home")), ("Local rules", None)],
        },
    )


def region_detail(request: HttpRequest, path: str) -> HttpResponse:
    region = get_region_or_404(path)
    variations = collect_variations(region=region)
    items = variations.items()
    changes_by_guide = [
        (guide, list(changes))
        for guide, changes in groupby(variations.changes(), key=lambda change: change.step.guide)
    ]
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
            "variations": variations,
            "has_content": bool(items),
            "has_demo": any(item.is_demo for item in items),
            "changes_by_guide": changes_by_guide,
            "guides": Guide.objects.published(),
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
