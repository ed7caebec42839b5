"""DATABASE_URL and the database timeouts: what start-up reads, and what a hung database costs."""

import os

import pytest
from django.db import connection

from tests.portal.test_health import in_a_fresh_process
from tests.portal.test_settings import PRODUCTION_ENV, manage, python

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


def database_settings(**env: str) -> str:
    code = "from django.conf import settings; d = settings.DATABASES['default'];"
    code += "print(d['ENGINE'], d['NAME'], d.get('OPTIONS'))"
    result = python("-c", f"import django; django.setup(); {code}", env={**PRODUCTION_ENV, **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize("url", ["", "  "])
def test_an_empty_database_url_means_the_embedded_sqlite_file(url):
    assert database_settings(DATABASE_URL=url).startswith("django.db.backends.sqlite3 /")
    assert "db.sqlite3" in database_settings(DATABASE_URL=url)
    result = manage("check", env={**PRODUCTION_ENV, "DATABASE_URL": url})
    assert result.returncode == 0, result.stderr


def test_postgresql_connections_give_up_after_5_s_and_statements_after_30_s_by_default():
    assert database_settings(DATABASE_URL="postgres://u@db.example/portal").endswith(
        "{'connect_timeout': 5, 'options': '-c statement_timeout=30000'}"
    )


def test_the_database_timeouts_follow_the_environment():
    shown = database_settings(
        DATABASE_URL="postgres://u@db.example/portal?options=-c%20search_path%3Dportal",
        DB_CONNECT_TIMEOUT="2",
        DB_STATEMENT_TIMEOUT="7",
    )
    assert shown.endswith(
        "{'options': '-c statement_timeout=7000 -c search_path=portal', 'connect_timeout': 2}"
    )


def test_no_statement_timeout_is_sent_when_db_statement_timeout_is_0():
    # The server's own (ALTER ROLE ... SET statement_timeout) applies, and a pooler that
    # refuses startup options, such as PgBouncer, gets none.
    shown = database_settings(
        DATABASE_URL="postgres://u@db.example/portal", DB_STATEMENT_TIMEOUT="0"
    )
    assert shown.endswith("{'connect_timeout': 5}")


@pytest.mark.parametrize("name", ["DB_CONNECT_TIMEOUT", "DB_STATEMENT_TIMEOUT", "CONN_MAX_AGE"])
def test_an_unreadable_timeout_stops_start_up_with_one_line(name):
    result = manage("check", env={**PRODUCTION_ENV, name: "soon"})
    assert result.returncode != 0
    assert result.stderr.strip() == f"Configuration error: {name}='soon' is not a whole number."


def test_a_page_gets_the_503_page_once_a_hung_database_has_had_db_connect_timeout(silent_port):
    status, body, seconds = in_a_fresh_process(
        "/",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{silent_port}/hung",
        DB_CONNECT_TIMEOUT="2",
    )
    assert status == 503
    assert "Sorry, the service is unavailable" in body  # the friendly page
    assert seconds < 4


@pytest.mark.skipif(not ON_POSTGRES, reason="statement_timeout is PostgreSQL's")
def test_postgresql_cancels_a_statement_after_db_statement_timeout(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("30s",)
    code = (
        "from django.db import connection, OperationalError;"
        "cursor = connection.cursor();\n"
        "try:\n    cursor.execute('SELECT pg_sleep(5)')\n"
        "except OperationalError as exc:\n    print(str(exc).splitlines()[0])"
    )
    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    result = python(
        "-c",
        f"import django; django.setup()\n{code}",
        env={**PRODUCTION_ENV, "DATABASE_URL": f"{server}/postgres", "DB_STATEMENT_TIMEOUT": "1"},
    )
    assert result.stdout.strip() == "canceling statement due to statement timeout", result.stderr
