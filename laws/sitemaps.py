from django.urls import reverse

from laws.models import Article, Chapter, Statute
from portal.bilingual import BothLanguagesSitemap


class StatuteSitemap(BothLanguagesSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Statute.objects.all()


class StatuteTextSitemap(BothLanguagesSitemap):
    """Each statute's whole text and each of its chapters, on pages of their own."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        whole = [("whole", statute, None) for statute in Statute.objects.all()]
        chapters = [
            ("chapter", chapter.statute, chapter.number)
            for chapter in Chapter.objects.select_related("statute")
        ]
        return whole + chapters

    def location(self, item) -> str:
        view, statute, number = item
        if view == "whole":
            return reverse("laws:whole", kwargs={"statute": statute.slug})
        return reverse("laws:chapter", kwargs={"statute": statute.slug, "chapter": number})


class ArticleSitemap(BothLanguagesSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Article.objects.select_related("statute")
