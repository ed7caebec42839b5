from django.contrib.sitemaps import Sitemap

from guides.models import Guide


class GuideSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Guide.objects.published()

    def lastmod(self, guide: Guide):
        return guide.updated_at
