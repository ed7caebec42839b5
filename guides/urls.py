from django.urls import path

from guides import views

app_name = "guides"

urlpatterns = [
    path("", views.home, name="home"),
    path("guides/", views.guide_list, name="index"),
    path("guides/<slug:slug>/", views.guide_detail, name="guide"),
    path("guides/<slug:slug>/checklist/", views.checklist, name="checklist"),
    path("guides/<slug:slug>/region/", views.choose_region, name="choose_region"),
]
