from django.urls import path

import regions.converters  # noqa: F401 - registers <region:…>
from guides import views

app_name = "guides"

urlpatterns = [
    path("", views.home, name="home"),
    path("guides/", views.guide_list, name="index"),
    path("guides/<slug:slug>/", views.guide_detail, name="guide"),
    path("guides/<slug:slug>/checklist/", views.checklist, name="checklist"),
    path("guides/<slug:slug>/region/", views.choose_region, name="choose_region"),
    # The same guide for a province, or for a city under its province.
    path("guides/<slug:slug>/<region:region>/", views.guide_detail, name="local_guide"),
    path("guides/<slug:slug>/<region:region>/checklist/", views.checklist, name="local_checklist"),
]
