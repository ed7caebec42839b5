"""WSGI entry point: ``gunicorn portal.wsgi`` (see gunicorn.conf.py).

Kept public pages are answered in front of Django's handler (portal.cache.KeptPages).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

django_application = get_wsgi_application()

from portal.cache import KeptPages  # noqa: E402 - after Django is set up

application = KeptPages(django_application)
