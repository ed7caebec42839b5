"""The probes operators and load balancers rely on."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
# A port nothing listens on: the service is really unreachable, not mocked.
CLOSED_PORT = 9


def test_healthz_answers_while_the_process_serves(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_ok_when_database_and_cache_answer(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{CLOSED_PORT}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
)
def test_readyz_reports_an_unreachable_cache(client, db):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"cache unavailable\n"


def test_readyz_reports_an_unreachable_database():
    # A separate process, because the test database is this process's connection.
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/readyz');"
        "print(r.status_code, r.content.decode().strip())"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.test_settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{CLOSED_PORT}/nowhere",
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1] == "503 database unavailable", result.stderr


def test_probes_refuse_writes(client, db):
    assert client.post("/healthz").status_code == 405


def test_probes_answer_any_host_over_plain_http(client, db, settings):
    # Load balancers probe with the server's own address as Host.
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/", headers={"host": "10.1.2.3"}).status_code == 400
    for path in ("/healthz", "/readyz"):
        response = client.get(path, headers={"host": "10.1.2.3"})
        assert response.status_code == 200, path
