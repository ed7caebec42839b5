from guides.models import GuideVersion
from local.figures import figures_url
from local.models import Figure, reverse_localized
from local.views import regions_with_local_content
from portal.bilingual import BothLanguagesSitemap
from regions.models import Region


class RegionSitemap(BothLanguagesSitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return Region.objects.select_related("parent")


class LocalGuideSitemap(BothLanguagesSitemap):
    """Guides for the regions that have local information; the others are the national page."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        local = Region.objects.filter(code__in=regions_with_local_content())
        regions = list(local.select_related("parent"))
        guides = GuideVersion.objects.current().order_by("title").only("slug")
        return [(guide, region) for guide in guides for region in regions]

    def location(self, item) -> str:
        guide, region = item
        return reverse_localized(guide.slug, region)


class FiguresSitemap(BothLanguagesSitemap):
    """The national figures, and those of each region that has figures of its own."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        with_figures = Figure.objects.published().values("region")  # a subquery: one query
        return [None, *Region.objects.filter(code__in=with_figures).select_related("parent")]

    def location(self, region) -> str:
        return figures_url(region)
