"""The production stack: two gunicorn servers sharing PostgreSQL and Redis.

Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), as CI's second pass
has; the SQLite pass skips it, saying so.
"""

import os
import re
import subprocess
import sys
import time
import urllib.parse

import pytest

from tests.formdata import form_data
from tests.stack import ROOT, Proxy, Server, stack_env

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres")
    or not os.environ.get("REDIS_URL"),
    reason="the production-stack checks need PostgreSQL and Redis (CI's second pass)",
)
CITY = "/guides/where-to-pay-social-security/440000/440300/"
PROVINCE = "/guides/where-to-pay-social-security/440000/"  # lists Guangdong's own offices


def manage(env, *args: str, stdin: str | None = None) -> None:
    subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, input=stdin, text=True,
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip


@pytest.fixture(scope="module")
def stack():
    import psycopg2

    server_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = f"portal_stack_{os.getpid()}"
    admin = psycopg2.connect(server_url + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    redis = urllib.parse.urlsplit(os.environ["REDIS_URL"])
    postgres = urllib.parse.urlsplit(server_url)
    direct = stack_env(f"{server_url}/{name}", f"redis://{redis.hostname}:{redis.port or 6379}/9")
    manage(direct, "migrate", "--noinput")
    manage(direct, "seed")
    manage(direct, "addstaff", "wang", "--role", "editor", "--password-stdin",
           stdin="Long-enough-pass-42\n")  # fmt: skip
    db_proxy = Proxy(postgres.hostname, postgres.port or 5432)
    cache_proxy = Proxy(redis.hostname, redis.port or 6379)
    env = stack_env(
        f"{postgres.scheme}://{postgres.username}@127.0.0.1:{db_proxy.port}/{name}",
        f"redis://127.0.0.1:{cache_proxy.port}/9",
    )
    env["PYTEST_XDIST_WORKER"] = f"stack-{os.getpid()}"  # its own cache keys
    servers = [Server(env), Server(env)]
    yield servers, db_proxy, cache_proxy
    for server in servers:
        server.stop()
    db_proxy.close()
    cache_proxy.close()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def wait_for(check, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.25)
    return False


def test_a_change_saved_on_one_server_is_seen_on_the_other_at_once(stack):
    (one, two), _, _ = stack
    status, headers, page = two.get(PROVINCE)
    assert status == 200 and "Guangdong social insurance service hall" in page
    assert two.get(PROVINCE)[1].get("X-Cache") == "hit"

    editor = one.signed_in("wang", "Long-enough-pass-42")
    listing = one.get("/admin/local/office/?q=Guangdong", editor)[2]
    office_id = re.search(r"/admin/local/office/(\d+)/change/", listing).group(1)
    url = f"/admin/local/office/{office_id}/change/"
    data = form_data(one.get(url, editor)[2], "office_form")
    data["name_en"] = ["Guangdong service hall, renamed"]
    assert one.post(url, data, editor)[0] == 200  # followed the redirect to the list

    status, headers, page = two.get(PROVINCE)
    assert "Guangdong service hall, renamed" in page
    assert headers.get("X-Cache") == "miss"


def test_a_database_outage_keeps_cached_pages_and_recovers_by_itself(stack):
    (one, _), db, _ = stack
    assert one.get(CITY)[0] == 200 and one.get(CITY)[1].get("X-Cache") == "hit"
    db.cut()
    try:
        status, headers, page = one.get(CITY)
        assert (status, headers.get("X-Cache")) == (200, "hit")
        status, headers, page = one.get("/laws/social-insurance-law/article/12/")
        assert status == 503
        assert "Sorry, the service is unavailable" in page and "Traceback" not in page
        assert headers.get("Retry-After") == "30"
        assert one.get("/readyz")[0] == 503
    finally:
        db.restore()
    assert wait_for(lambda: one.get("/readyz")[0] == 200)
    assert one.get("/laws/social-insurance-law/article/12/")[0] == 200


def test_a_cache_outage_slows_the_site_down_but_does_not_stop_it(stack):
    (one, two), _, cache = stack
    cache.cut()
    try:
        for server in (one, two):
            status, headers, page = server.get(CITY)
            assert status == 200 and "X-Cache" not in headers  # built, not cached
            assert "Showing Shenzhen, Guangdong" in page
        assert one.get("/readyz")[0] == 503
    finally:
        cache.restore()
    assert wait_for(lambda: one.get("/readyz")[0] == 200)
