from django.urls import path

import regions.converters  # noqa: F401 - registers <region:…>
from regions import views

app_name = "regions"

urlpatterns = [
    path("", views.region_list, name="index"),
    path("index.json", views.region_data, name="data"),
    path("<region:path>/", views.region_detail, name="region"),
]
