"""The production settings with the few changes a test run needs.

Tests run with DEBUG off, like production, over plain HTTP on a local server.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from portal.settings import *  # noqa: F403

# Tests talk plain HTTP to the live server; production cookies stay Secure.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Collected, hashed files are checked by CI's collectstatic step; tests read
# the source files directly.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
LOGGING["loggers"]["django"]["level"] = "WARNING"  # noqa: F405

# Parallel test workers share one Redis: each keeps its own pages and counters.
CACHES["default"]["KEY_PREFIX"] = f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"  # noqa: F405

# Static files are served from their sources by WhiteNoise's finders: tests never collect
# them, so there is no STATIC_ROOT to scan (and no warning per test that there is none).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
