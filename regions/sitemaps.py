from django.contrib.sitemaps import Sitemap

from guides.models import Guide
from regions.models import Region, reverse_localized
from regions.views import regions_with_local_content


class RegionSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return Region.objects.select_related("parent")


class LocalGuideSitemap(Sitemap):
    """Guides for the regions that have local information; the others are the national page."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        local = Region.objects.filter(code__in=regions_with_local_content())
        regions = list(local.select_related("parent"))
        return [(guide, region) for guide in Guide.objects.published() for region in regions]

    def location(self, item) -> str:
        guide, region = item
        return reverse_localized(guide.slug, region)
