from django.urls import path

from regions import views

app_name = "regions"

urlpatterns = [
    path("index.json", views.region_data, name="data"),
]
