"""Public pages come from the cache until content changes; nothing private is ever cached."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.guides.conftest import make_guide

GUIDE = "/guides/test-guide/"


@pytest.fixture
def guide(social_insurance_law, regions):
    return make_guide(steps=3)


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def test_a_second_visit_is_answered_from_the_cache_without_the_database(guide):
    client = Client()
    first, _ = get(client, GUIDE)
    second, queries = get(client, GUIDE)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert queries == 0
    assert second.content == first.content
    # Proxies and CDNs may keep it a minute; browsers check back (a 304 if unchanged).
    assert second["Cache-Control"] == "public, max-age=0, s-maxage=60"
    assert "Content-Security-Policy" in second and second["X-Frame-Options"] == "DENY"


def test_a_change_to_the_content_is_seen_at_once(guide):
    client = Client()
    get(client, GUIDE)
    guide.short_answer = "A new short answer."
    guide.save()
    response, _ = get(client, GUIDE)
    assert response["X-Cache"] == "miss"
    assert "A new short answer." in response.content.decode()


def test_conditional_requests_get_304(guide):
    client = Client()
    response, _ = get(client, GUIDE)
    etag = response["ETag"]
    again, queries = get(client, GUIDE, if_none_match=etag)
    assert again.status_code == 304
    assert queries == 0


def test_signed_in_staff_are_never_served_or_stored_publicly(guide, editor_client):
    response = editor_client.get(GUIDE)
    assert "private" in response["Cache-Control"]
    assert "X-Cache" not in response
    anonymous, _ = get(Client(), GUIDE)
    assert anonymous["X-Cache"] == "miss"  # what staff saw was not stored


def test_responses_that_set_cookies_or_are_errors_are_not_cached(guide):
    client = Client()
    chooser = client.get("/guides/test-guide/region/", {"place": "Shenzhen"})
    assert chooser.status_code == 302
    assert "private" in chooser["Cache-Control"]
    missing, _ = get(client, "/guides/no-such-guide/")
    assert missing.status_code == 404 and "X-Cache" not in missing


def test_admin_pages_are_never_cached(editor_client, db):
    response = editor_client.get("/admin/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_site_works_when_the_cache_is_down(guide, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    client = Client()
    for _ in range(2):
        response, queries = get(client, GUIDE)
        assert response.status_code == 200
        assert queries > 0  # served from the database, every time
    assert client.get("/readyz").status_code == 503
