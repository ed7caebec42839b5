"""The pages that say who is behind the site and how it treats its readers: about,
accessibility, privacy and cookies, and where to get help. Linked from every footer,
in both languages; their words are in the templates, translated like the rest."""

from django.conf import settings
from django.urls import path
from django.views.generic import TemplateView

app_name = "trust"

PAGES = {
    "about": "about/",
    "accessibility": "accessibility/",
    "privacy": "privacy/",
    "contact": "contact/",
}


class PrivacyPage(TemplateView):
    """The cookies are named as the code sets them, so the page cannot drift from it."""

    template_name = "trust/privacy.html"

    def get_context_data(self, **kwargs):
        from guides.views import REGION_COOKIE

        return super().get_context_data(
            region_cookie=REGION_COOKIE,
            language_cookie=settings.LANGUAGE_COOKIE_NAME,
            session_cookie=settings.SESSION_COOKIE_NAME,
            csrf_cookie=settings.CSRF_COOKIE_NAME,
            **kwargs,
        )


VIEWS = {"privacy": PrivacyPage}

urlpatterns = [
    path(
        route,
        VIEWS.get(name, TemplateView).as_view(template_name=f"trust/{name}.html"),
        name=name,
    )
    for name, route in PAGES.items()
]
