"""portal.wsgi answers kept pages and the liveness probe before Django's handler, exactly as
Django would, and hands everything else to Django."""

import gzip
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from guides.publishing import publish
from portal.wsgi import application
from tests.factories import make_guide

ROOT = Path(__file__).resolve().parents[2]
GUIDE = "/guides/test-guide/"


@pytest.fixture
def guide(social_insurance_law, regions):
    return make_guide(steps=3)


@contextmanager
def keeping_the_test_database():
    # As Django's test client does: the request signals would close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def call(path: str, method: str = "GET", **headers) -> tuple[int, dict, bytes, int]:
    """`path` through portal.wsgi.application as a WSGI server calls it: the status, the
    headers, the body and the database queries it took."""
    environ = RequestFactory().generic(method, path, headers=headers).environ
    # The request object decoded the path into its environ: back to what a WSGI server gives,
    # its bytes as Latin-1 (PEP 3333).
    environ["PATH_INFO"] = environ["PATH_INFO"].encode().decode("iso-8859-1")
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = int(status.split()[0]), dict(response_headers)

    with keeping_the_test_database(), CaptureQueriesContext(connection) as queries:
        result = application(environ, start_response)
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
    return answer["status"], answer["headers"], body, len(queries)


def test_a_kept_page_is_answered_before_django_exactly_as_django_answers_it(guide):
    assert Client().get(GUIDE)["X-Cache"] == "miss"
    kept = Client().get(GUIDE)
    assert kept["X-Cache"] == "hit"
    status, headers, body, queries = call(GUIDE)
    assert (status, queries) == (200, 0)
    assert body == kept.content
    assert headers == dict(kept.items())  # security headers, ETag, CSP, Vary: all kept with it
    assert "public" in headers["Cache-Control"] and headers["X-Content-Type-Options"] == "nosniff"


def test_a_change_is_seen_at_once_through_the_front(guide):
    call(GUIDE)
    assert call(GUIDE)[1]["X-Cache"] == "hit"
    step = guide.steps.first()
    step.title = "A new title for the first step"
    step.save()
    publish(guide=guide, user=None, change_note="Clearer.", major=False)
    status, headers, body, queries = call(GUIDE)
    assert status == 200 and headers["X-Cache"] == "miss" and queries > 0
    assert b"A new title for the first step" in body


@pytest.mark.parametrize(
    "path, method, headers, status",
    [
        (GUIDE, "GET", {"cookie": "sessionid=x"}, 200),  # a session: built, private
        (GUIDE + "?utm_source=%00", "GET", {}, 400),  # a NUL byte, even in a tracker
        (GUIDE, "GET", {"host": "evil.example"}, 400),
        ("/", "GET", {"accept_language": "zh-CN,zh;q=0.9"}, 302),  # to /zh-hans/
    ],
)
def test_what_no_kept_page_may_answer_is_left_to_django(guide, path, method, headers, status):
    call(GUIDE)
    call("/")
    got, answered, _, _ = call(path, method, **headers)
    assert got == status
    assert answered.get("X-Cache") != "hit"
    if "cookie" in headers:
        assert "private" in answered["Cache-Control"]


def test_an_address_in_any_script_is_handed_to_django_as_the_server_wrote_it(guide):
    # Percent-encoded UTF-8 outside the Basic Multilingual Plane, as a fuzzer sends it.
    for path in ["/laws/%F2%96%99%AB%F3%B6%BC%AB/data.json", "/guides/%E7%A4%BE%E4%BF%9D/"]:
        assert call(path)[0] == 404


def test_a_conditional_request_for_a_kept_page_gets_304(guide):
    call(GUIDE)
    etag = call(GUIDE)[1]["ETag"]
    status, _, body, queries = call(GUIDE, if_none_match=etag)
    assert (status, body, queries) == (304, b"", 0)


def test_the_liveness_probe_is_answered_before_django(db):
    status, headers, body, queries = call("/healthz")
    assert (status, body, queries) == (200, b"ok\n", 0)
    assert "no-cache" in headers["Cache-Control"]
    assert call("/healthz", "POST")[0] == 405


def test_a_reader_whose_browser_accepts_gzip_gets_the_kept_page_compressed(guide):
    plain = Client().get(GUIDE)  # stored
    assert "Accept-Encoding" in plain["Vary"] and "Content-Encoding" not in plain
    through_django = Client().get(GUIDE, headers={"accept_encoding": "gzip, deflate, br"})
    _, headers, body, _ = call(GUIDE, accept_encoding="gzip, deflate, br")
    for answer, content in (
        (dict(through_django.items()), through_django.content),
        (headers, body),
    ):
        assert answer["X-Cache"] == "hit" and answer["Content-Encoding"] == "gzip"
        assert gzip.decompress(content) == plain.content
        assert int(answer["Content-Length"]) == len(content) < len(plain.content) / 3
        assert answer["ETag"] == "W/" + plain["ETag"]  # another representation of the page
        assert "Accept-Encoding" in answer["Vary"]
    again = Client().get(
        GUIDE, headers={"accept_encoding": "gzip", "if_none_match": headers["ETag"]}
    )
    assert again.status_code == 304
    assert "Content-Encoding" not in call(GUIDE, accept_encoding="identity")[1]
