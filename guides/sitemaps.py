from guides.models import GuideVersion
from portal.bilingual import BothLanguagesSitemap


class GuideSitemap(BothLanguagesSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return GuideVersion.objects.current().order_by("title").only("slug", "published_at")

    def lastmod(self, version: GuideVersion):
        return version.published_at
