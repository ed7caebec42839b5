from django.urls import path, re_path

from answers import views

app_name = "answers"

CODE = r"(?P<code>[1-9][0-9]{5})"  # a region's GB/T 2260 code

urlpatterns = [
    path("answers/pay/", views.start, name="start"),
    path("answers/pay/<slug:who>/", views.where, name="where"),
    re_path(rf"^answers/pay/(?P<who>[a-z]+)/{CODE}/$", views.region, name="region"),
    re_path(
        rf"^answers/pay/(?P<who>[a-z]+)/{CODE}/(?P<registered>[a-z-]+)/$",
        views.outcome,
        name="outcome",
    ),
    path("calculators/flexible-worker/", views.flexible, name="flexible"),
    path("calculators/resident/", views.resident, name="resident"),
    path("calculators/late-payment-fee/", views.late_fee, name="late_fee"),
]
