from django.urls import reverse

from answers.views import WHO
from local.models import Figure
from portal.bilingual import BothLanguagesSitemap


class AnswersSitemap(BothLanguagesSitemap):
    """The questions, the calculators, and the answers for each region with figures of its
    own (every other region's answer is a page too, but says only what is national)."""

    changefreq = "monthly"
    priority = 0.6

    def items(self):
        names = ("answers:start", "answers:flexible", "answers:resident", "answers:late_fee")
        pages = [(name, ()) for name in names]
        pages += [("answers:where", (who,)) for who in WHO]
        codes = Figure.objects.published().exclude(region=None).values_list("region", flat=True)
        for code in sorted(set(codes)):
            for who in WHO.values():
                if who.asks_registered:
                    pages += [("answers:outcome", (who.slug, code, answer))
                              for answer in ("registered", "not-registered")]  # fmt: skip
                else:
                    pages.append(("answers:region", (who.slug, code)))
        return pages

    def location(self, page: tuple[str, tuple]) -> str:
        name, args = page
        return reverse(name, args=args)  # in the language being listed
