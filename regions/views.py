"""Finding a region by its address, and the list the region chooser reads."""

from django.http import Http404, HttpRequest, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext

from portal.cache import cached_object
from regions.models import Region


def find_region(path: str) -> Region | None:
    """The region at a URL path ('440000' or '440000/440300'), if there is one."""
    try:
        return cached_object("region", path, build=lambda: Region.objects.get_by_path(path))
    except Region.DoesNotExist:
        return None


def get_region_or_404(path: str) -> Region:
    region = find_region(path)
    if region is None:
        raise Http404(gettext("No such region"))
    return region


def region_data(request: HttpRequest) -> JsonResponse:
    """Every region's code, province, and names: what the chooser's type-ahead needs."""
    regions = [
        [region.code, region.parent_id or "", region.name_zh, region.name_en]
        for region in Region.objects.order_by("code")
    ]
    response = JsonResponse({"regions": regions}, json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=3600)
    return response
