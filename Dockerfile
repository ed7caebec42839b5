# Production image for the portal: Gunicorn serving portal.wsgi, with WhiteNoise
# serving the hashed, pre-compressed static files collected at build time.
#
# Everything else comes from the environment at run time (see README.md):
# SECRET_KEY (required), ALLOWED_HOSTS (required), DATABASE_URL, REDIS_URL,
# CSRF_TRUSTED_ORIGINS, SECURE_SSL_REDIRECT, LOG_LEVEL, CONN_MAX_AGE, and the
# Gunicorn knobs in gunicorn.conf.py (PORT, WEB_CONCURRENCY, GUNICORN_THREADS,
# FORWARDED_ALLOW_IPS).
#
# DATABASE_URL must point at PostgreSQL (postgres://user:password@host:5432/db).
# Without it Django falls back to a SQLite file inside the container: the app
# directory is read-only for the runtime user and the file would die with the
# container anyway, so /readyz answers 503 rather than serve a throwaway database.
#
# CI replays the install, compilemessages and collectstatic steps outside Docker
# (.ci/dockerfile-steps.sh); keep those RUN lines in step with it.

FROM python:3.11.14-slim-bookworm AS base
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONUNBUFFERED=1


FROM base AS build
# GNU gettext's msgfmt compiles the translations (locale/*/LC_MESSAGES/django.po) into the
# .mo files Django reads; only the build stage needs it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext=0.21-12 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

# Dependencies first, so editing the code does not reinstall them. Every
# package is pinned with hashes: a tampered or re-uploaded wheel fails the build.
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/base.txt

# The translations first, compiled alone (no settings needed, nothing else to walk).
COPY locale locale
RUN django-admin compilemessages

COPY . .
# Settings refuse to load without SECRET_KEY and ALLOWED_HOSTS when DEBUG is off,
# and DEBUG must be off for the compressed manifest storage. These values live on
# this RUN line only, so no key ends up in the image's environment or history.
RUN DEBUG=0 SECRET_KEY=build-only-not-secret-collectstatic-never-serves-requests ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput


FROM base AS runtime
# A fixed, high UID that matches no host account, so files the container writes
# to a mounted volume cannot be mistaken for a real user's.
RUN groupadd --system --gid 10001 portal \
    && useradd --system --no-log-init --uid 10001 --gid portal \
        --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin portal

WORKDIR /app
# Copied as root and left root-owned: the app user can read its code and static
# files but not change them.
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=portal.settings

EXPOSE 8000

# No curl in the slim image, so Python does the probe. /healthz answers any Host
# (portal.middleware.ProbeMiddleware); the probe ignores HTTP(S)_PROXY.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; r.build_opener(r.ProxyHandler({})).open(f\"http://127.0.0.1:{os.environ.get('PORT') or '8000'}/healthz\", timeout=4)"]

# Numeric, so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001
CMD ["gunicorn", "portal.wsgi", "-c", "gunicorn.conf.py"]
