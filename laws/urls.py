from django.urls import path, register_converter

from laws import views
from laws.converters import IsoDateConverter

register_converter(IsoDateConverter, "isodate")

app_name = "laws"

urlpatterns = [
    path("", views.statute_list, name="index"),
    path("<slug:statute>/", views.statute_detail, name="statute"),
    path("<slug:statute>/<isodate:on>/", views.statute_detail, name="statute_on"),
    path("<slug:statute>/whole/", views.statute_text, name="whole"),
    path("<slug:statute>/whole/<isodate:on>/", views.statute_text, name="whole_on"),
    path("<slug:statute>/chapter/<int:chapter>/", views.statute_text, name="chapter"),
    path(
        "<slug:statute>/chapter/<int:chapter>/<isodate:on>/",
        views.statute_text,
        name="chapter_on",
    ),
    path("<slug:statute>/article/<int:number>/", views.article_detail, name="article"),
    path(
        "<slug:statute>/article/<int:number>/<isodate:on>/",
        views.article_detail,
        name="article_on",
    ),
]
