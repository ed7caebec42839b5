from django.contrib.sitemaps import Sitemap

from guides.models import GuideVersion


class GuideSitemap(Sitemap):
    # Each page in both languages, with hreflang alternates and x-default (English).
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return GuideVersion.objects.current().order_by("title").only("slug", "published_at")

    def lastmod(self, version: GuideVersion):
        return version.published_at
