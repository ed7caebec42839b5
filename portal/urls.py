from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import RedirectView, TemplateView

from answers.sitemaps import AnswersSitemap
from guides.sitemaps import GuideSitemap
from laws.sitemaps import ArticleSitemap, StatuteSitemap, StatuteTextSitemap
from local.admin_views import markdown_preview
from local.sitemaps import FiguresSitemap, LocalGuideSitemap, RegionSitemap
from portal import languages, views

SITEMAPS = {
    "guides": GuideSitemap,
    "local-guides": LocalGuideSitemap,
    "regions": RegionSitemap,
    "figures": FiguresSitemap,
    "answers": AnswersSitemap,
    "statutes": StatuteSitemap,
    "statute-texts": StatuteTextSitemap,
    "articles": ArticleSitemap,
}

# Every public page in each language: English at the root, Chinese under /zh-hans/.
urlpatterns = i18n_patterns(
    path("", include("guides.urls")),
    path("laws/", include("laws.urls")),
    path("", include("local.urls")),
    path("", include("answers.urls")),
    path("regions/", include("regions.urls")),
    path("search/", include("search.urls")),
    path("", include("feedback.urls")),
    path("", include("portal.trust")),
    prefix_default_language=False,
)

urlpatterns += [
    path("language/<str:code>/", languages.switch, name="language"),
    # The addresses people guess: /zh/ and /zh-cn/ for Chinese, /en/… for the English.
    re_path(r"^zh(-cn)?/$", RedirectView.as_view(url="/zh-hans/", permanent=True)),
    re_path(
        r"^en/(?P<rest>.*)$",
        RedirectView.as_view(url="/%(rest)s", permanent=True, query_string=True),
    ),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    # django-markdownx's live preview, staff only; its image upload is not routed.
    path("admin/markdownx/markdownify/", markdown_preview, name="markdownx_markdownify"),
    path("admin/", admin.site.urls),
]

# Error pages in the language of the page asked for (portal/views.py).
handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error

if settings.BENCHMARK:
    urlpatterns.insert(0, path("bench/bare", views.bare, name="bench-bare"))
