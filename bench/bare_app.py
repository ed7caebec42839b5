"""The benchmark's reference point: a bare Django 5.2 app, nothing of the portal's.

One view returns a fixed body of BARE_BODY_BYTES bytes (the bench sets it to the national
guide page's size), with no middleware, no database, no templates and no installed apps.
``make bench`` serves it with gunicorn and the portal's own gunicorn.conf.py, so the two
differ only in what Django does for the portal. Run it alone with::

    DJANGO_SETTINGS_MODULE=bench.bare_app gunicorn bench.bare_app -c gunicorn.conf.py
"""

import os

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

BODY = b"x" * int(os.environ.get("BARE_BODY_BYTES", "30000"))


def page(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


DEBUG = False
SECRET_KEY = "bare-benchmark-app-not-for-production-0123456789"  # noqa: S105 - no secrets
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
MIDDLEWARE: list[str] = []
INSTALLED_APPS: list[str] = []
DATABASES: dict = {}
USE_I18N = False
urlpatterns = [path("", page)]

# This module is its own settings module, whatever the environment says.
os.environ["DJANGO_SETTINGS_MODULE"] = __name__
application = get_wsgi_application()
