from django.urls import path

from guides import views

app_name = "guides"

urlpatterns = [
    path("", views.home, name="home"),
    path("guides/<slug:slug>/", views.guide_detail, name="guide"),
    path("guides/<slug:slug>/checklist/", views.checklist, name="checklist"),
]
