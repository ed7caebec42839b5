"""The probes operators and load balancers rely on."""

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.test import override_settings

from tests.stack import Server

ROOT = Path(__file__).resolve().parents[2]
# A port nothing listens on: the service is really unreachable, not mocked.
CLOSED_PORT = 9


def in_a_fresh_process(path: str, **env: str) -> tuple[int, str, float]:
    """GET `path` in a new process whose settings read `env`: status, body and seconds taken.

    A separate process, because this one's database connection is the test database's.
    """
    script = (
        "import json, time, django; django.setup();"
        "from django.test import Client;"
        "start = time.monotonic();"
        f"r = Client().get({path!r});"
        "seconds = time.monotonic() - start;"
        "print(json.dumps([r.status_code, r.content.decode().strip(), seconds]))"
    )
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.test_settings"}
    environ.pop("REDIS_URL", None)  # the local-memory cache, unless `env` names Redis
    environ.update(env)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # The last line: the logs go to stdout too.
    status, body, seconds = json.loads(result.stdout.strip().splitlines()[-1])
    return status, body, seconds


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
    status, body, _ = in_a_fresh_process(
        "/readyz", DATABASE_URL=f"postgres://postgres@127.0.0.1:{CLOSED_PORT}/nowhere"
    )
    assert (status, body) == (503, "database unavailable")


def test_readyz_gives_up_on_a_database_that_never_answers_within_seconds(silent_port):
    status, body, seconds = in_a_fresh_process(
        "/readyz", DATABASE_URL=f"postgres://postgres@127.0.0.1:{silent_port}/hung"
    )
    assert (status, body) == (503, "database unavailable")
    assert seconds < 3


def test_readyz_gives_up_on_a_cache_that_never_answers_within_seconds(silent_port, tmp_path):
    # REDIS_URL as production sets it, with the settings' own socket timeouts.
    status, body, seconds = in_a_fresh_process(
        "/readyz",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL=f"redis://127.0.0.1:{silent_port}/0",
    )
    assert (status, body) == (503, "cache unavailable")
    assert seconds < 3


def test_healthz_never_touches_the_database(client, db, django_assert_num_queries, silent_port):
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200
    status, body, seconds = in_a_fresh_process(
        "/healthz", DATABASE_URL=f"postgres://postgres@127.0.0.1:{silent_port}/hung"
    )
    assert (status, body) == (200, "ok")
    assert seconds < 1


def test_healthz_answers_while_readyz_waits_on_a_database_that_never_answers(silent_port):
    # gunicorn as production runs it, two workers, both asked /readyz at once: each must be
    # free again within seconds, or /healthz waits until gunicorn kills them (30 s).
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.test_settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{silent_port}/hung",
    }
    env.pop("REDIS_URL", None)
    server = Server(env)

    def timed(path: str) -> tuple[int, str, float]:
        start = time.monotonic()
        status, _, body = server.get(path)
        return status, body, time.monotonic() - start

    try:
        with ThreadPoolExecutor(max_workers=3) as pool:
            ready = [pool.submit(timed, "/readyz") for _ in range(2)]
            time.sleep(0.5)  # both workers are busy with /readyz
            health = pool.submit(timed, "/healthz").result()
            ready = [future.result() for future in ready]
    finally:
        server.stop()
    for status, body, seconds in ready:
        assert (status, body) == (503, "database unavailable\n")
        assert seconds < 3
    status, body, seconds = health
    assert (status, body) == (200, "ok\n")
    assert seconds < 3


def test_probes_refuse_writes(client, db):
    assert client.post("/healthz").status_code == 405


def test_probes_answer_any_host_over_plain_http(client, db, settings):
    # Load balancers probe with the server's own address as Host.
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/", headers={"host": "10.1.2.3"}).status_code == 400
    for path in ("/healthz", "/readyz"):
        response = client.get(path, headers={"host": "10.1.2.3"})
        assert response.status_code == 200, path
