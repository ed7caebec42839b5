"""Start-up refuses bad configuration with one clear line, and production settings are secure."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-for-tests-0123456789abcdefghij",
    "ALLOWED_HOSTS": "portal.example.org",
    "DJANGO_SETTINGS_MODULE": "portal.settings",
}


# Variables the test run itself sets, which must not leak into "production".
TEST_RUN_ONLY = {"DATABASE_URL", "REDIS_URL", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def python(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run Python in a fresh process with only `env` on top of a clean environment."""
    clean = {
        k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k not in TEST_RUN_ONLY
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return python("manage.py", *args, env=env)


def test_missing_secret_key_with_debug_off_stops_with_one_line():
    env = {**PRODUCTION_ENV}
    del env["SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "Configuration error: SECRET_KEY must be set when DEBUG is off."
    )


def test_malformed_database_url_stops_with_one_line():
    result = manage("check", env={**PRODUCTION_ENV, "DATABASE_URL": "nonsense://what"})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Configuration error: DATABASE_URL is not a valid database URL")


def test_unreadable_debug_flag_is_refused():
    result = manage("check", env={**PRODUCTION_ENV, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("", "django.core.cache.backends.locmem.LocMemCache"),
        ("redis://127.0.0.1:6379/0", "portal.rediscache.RedisCache"),
    ],
)
def test_cache_backend_follows_redis_url(url, backend):
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = python(
        "-c", f"import django; django.setup(); {code}", env={**PRODUCTION_ENV, "REDIS_URL": url}
    )
    assert result.stdout.strip() == backend, result.stderr
