from django.contrib.sitemaps import Sitemap

from laws.models import Article, Statute


class StatuteSitemap(Sitemap):
    # Each page in both languages, with hreflang alternates and x-default (English).
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Statute.objects.all()


class ArticleSitemap(Sitemap):
    # Each page in both languages, with hreflang alternates and x-default (English).
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Article.objects.select_related("statute")
