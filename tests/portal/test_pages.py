"""The home page, the error pages and the headers every response carries."""

import pytest
from django.template.loader import get_template
from django.test import Client


@pytest.fixture
def home(client, db):
    return client.get("/")


def test_home_introduces_the_portal(home):
    assert home.status_code == 200
    html = home.content.decode()
    assert "<h1" in html
    assert 'lang="en"' in html
    assert 'href="#main-content"' in html
    assert 'id="main-content"' in html


def test_pages_carry_a_strict_content_security_policy(home):
    policy = home["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_carry_security_headers(home):
    assert home["X-Frame-Options"] == "DENY"
    assert home["X-Content-Type-Options"] == "nosniff"
    assert home["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_html_has_no_inline_script_or_style(home):
    html = home.content.decode()
    assert "style=" not in html
    assert "<style" not in html
    # Every <script> loads a file; none carries code in the page. (JSON-LD data
    # blocks are data, not code, and CSP does not apply to them.)
    for chunk in html.split("<script")[1:]:
        if chunk.startswith(' type="application/ld+json"'):
            continue
        assert chunk.split(">", 1)[0].count("src=") == 1
        assert chunk.split(">", 1)[1].startswith("</script>")


def test_unknown_address_gets_the_templated_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_secure_requests_through_the_proxy_get_hsts(db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = Client().get("/", headers={"x-forwarded-proto": "https"})
    assert "max-age=31536000" in response["Strict-Transport-Security"]


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("404.html", "Page not found"),
        ("500.html", "Sorry, there is a problem with the service"),
        ("403.html", "You do not have permission to view this page"),
        ("400.html", "Bad request"),
    ],
)
def test_error_pages_render_without_a_request(template, heading):
    # Django renders 500.html with no context at all; the others must cope too.
    html = get_template(template).render({})
    assert heading in html
    assert 'href="/"' in html


def test_home_and_error_pages_are_valid_html(client, db, html_validator):
    documents = {
        "home": client.get("/").content,
        "404": client.get("/no-such-page/").content,
    }
    for template in ("500.html", "403.html", "400.html"):
        documents[template] = get_template(template).render({})
    assert html_validator(documents) == []
