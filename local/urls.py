from django.urls import path

import laws.converters  # noqa: F401 - registers <isodate:…>
import regions.converters  # noqa: F401 - registers <region:…>
from local import feeds, views

app_name = "local"

urlpatterns = [
    path("regions/", views.region_list, name="index"),
    path("regions/<region:path>/", views.region_detail, name="region"),
    path("regions/<region:path>/figures/", views.figures_page, name="figures"),
    path("regions/<region:path>/figures/<isodate:day>/", views.figures_page, name="figures_on"),
    path("figures/", views.figures_page, name="national_figures"),
    path("figures/<isodate:day>/", views.figures_page, name="national_figures_on"),
    # A guide for a province, or for a city under its province.
    path("guides/<slug:slug>/<region:region>/", views.guide_detail, name="guide"),
    path("guides/<slug:slug>/<region:region>/checklist/", views.checklist, name="checklist"),
    path("guides/<slug:slug>/<region:region>/<isodate:day>/", views.guide_on, name="guide_on"),
    # What changed: Atom feeds, and the page of recent changes (local.feeds).
    path("guides/<slug:slug>/<region:region>/feed/", feeds.LocalGuideFeed(), name="guide_feed"),
    path("regions/<region:path>/feed/", feeds.RegionFeed(), name="region_feed"),
    path("feed/", feeds.SiteFeed(), name="site_feed"),
    path("changes/", feeds.recent_changes, name="recent_changes"),
]
