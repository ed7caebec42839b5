from django.urls import path

import laws.converters  # noqa: F401 - registers <isodate:…>
from guides import views
from guides.feeds import GuideFeed

app_name = "guides"

urlpatterns = [
    path("", views.home, name="home"),
    path("guides/", views.guide_list, name="index"),
    path("guides/<slug:slug>/", views.guide_detail, name="guide"),
    path("guides/<slug:slug>/<isodate:day>/", views.guide_on, name="guide_on"),
    path("guides/<slug:slug>/feed/", GuideFeed(), name="feed"),
    path("guides/<slug:slug>/checklist/", views.checklist, name="checklist"),
    path("guides/<slug:slug>/region/", views.choose_region, name="choose_region"),
]
