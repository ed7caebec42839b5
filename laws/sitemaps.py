from django.contrib.sitemaps import Sitemap

from laws.models import Article, Statute


class StatuteSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Statute.objects.all()


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Article.objects.select_related("statute")
