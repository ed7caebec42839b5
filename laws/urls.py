from django.urls import path

import laws.converters  # noqa: F401 - registers <isodate:…>
from laws import openapi, views
from laws.feeds import StatuteFeed

app_name = "laws"

# Open data (laws.exports): each statute and article, today or on a date, as JSON and as
# Akoma Ntoso.
DATA = [
    (f"{base}data.{fmt}", fmt, f"{name}_{fmt}")
    for base, name in [
        ("<slug:statute>/", "statute_data"),
        ("<slug:statute>/<isodate:on>/", "statute_data_on"),
        ("<slug:statute>/article/<int:number>/", "article_data"),
        ("<slug:statute>/article/<int:number>/<isodate:on>/", "article_data_on"),
    ]
    for fmt in ("json", "akn")
]

urlpatterns = [
    path("openapi.json", openapi.openapi, name="openapi"),
    *(path(route, views.statute_data, {"fmt": fmt}, name=name) for route, fmt, name in DATA),
    path("", views.statute_list, name="index"),
    path("<slug:statute>/", views.statute_detail, name="statute"),
    path("<slug:statute>/feed/", StatuteFeed(), name="feed"),
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
