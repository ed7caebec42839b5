"""Is this page useful? and Report a problem with this page: on every public page, without
JavaScript, without breaking the page cache; stored, routed by region, rate-limited per
address, kept from robots, and shown escaped everywhere (feedback)."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils.html import escape

from editorial.roles import REGIONAL_STAFF
from feedback.models import Feedback
from tests.factories import GUANGZHOU, SHENZHEN, client_for, make_staff, office

pytestmark = pytest.mark.django_db

GUIDE = "/guides/where-to-pay-social-security/"
CITY_GUIDE = GUIDE + "440000/440300/"


@pytest.fixture(autouse=True)
def no_counts_yet():
    cache.clear()  # the rate limit's counters, kept in the cache like pages
    yield
    cache.clear()


@pytest.fixture
def pages(seed_guide):
    office(SHENZHEN, "Futian hall")  # so that Shenzhen's guide is a page of its own
    return seed_guide


def token_in(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def test_every_public_page_asks_whether_it_was_useful_with_no_per_visitor_data(pages):
    first, second = Client(), Client()
    one = first.get(GUIDE)
    two = second.get(GUIDE)
    assert one["X-Cache"] == "miss" and two["X-Cache"] == "hit"
    assert one.content == two.content  # the same bytes for everyone
    page = one.content.decode()
    assert "Is this page useful?" in page
    assert f'<input type="hidden" name="page" value="{GUIDE}">' in page
    assert 'action="/feedback/"' in page
    assert f'href="/feedback/?page={GUIDE}"' in page
    assert "csrfmiddlewaretoken" not in page and "token" not in page.lower().split("</main>")[1]
    assert "Set-Cookie" not in one.headers and not one.cookies
    for path in ("/", "/laws/social-insurance-law/article/60/", "/regions/", "/about/"):
        assert "Report a problem with this page" in Client().get(path).content.decode(), path


def test_yes_is_kept_with_the_page_and_nothing_about_the_sender(client, pages):
    response = client.post(
        "/feedback/", {"page": GUIDE, "useful": "yes"}, REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="Phone", HTTP_COOKIE="portal_region=440300",
    )  # fmt: skip
    assert response.status_code == 200
    assert "Thank you for your feedback" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    (kept,) = Feedback.objects.all()
    assert (kept.page, kept.kind, kept.region, kept.comment) == (GUIDE, "useful", None, "")
    assert kept.language == "en" and kept.status == "new"
    stored = " ".join(str(getattr(kept, f.attname)) for f in Feedback._meta.fields)
    assert "203.0.113.9" not in stored and "Phone" not in stored


def test_no_asks_what_was_wrong_and_the_words_are_added_to_the_answer_once(client, pages):
    thanks = client.post("/feedback/", {"page": GUIDE, "useful": "no"}).content.decode()
    assert "What is wrong, missing or unclear?" in thanks
    token = token_in(thanks)

    added = client.post("/feedback/", {"page": GUIDE, "token": token, "comment": " Too long. "})
    assert "Your words were added" in added.content.decode()
    (kept,) = Feedback.objects.all()
    assert (kept.kind, kept.comment) == ("not_useful", "Too long.")

    again = client.post("/feedback/", {"page": GUIDE, "token": token, "comment": "Changed."})
    assert again.status_code == 400
    assert "can no longer be added to" in again.content.decode()
    forged = client.post("/feedback/", {"page": GUIDE, "token": f"{kept.pk}:x", "comment": "x"})
    assert forged.status_code == 400
    assert Feedback.objects.get().comment == "Too long."


def test_a_problem_with_a_city_page_goes_to_that_citys_staff_only(pages, editor):
    client = Client()
    form = client.get("/feedback/", {"page": CITY_GUIDE})
    assert form.status_code == 200
    assert "We keep the address of the page" in form.content.decode()
    client.post(
        "/feedback/",
        {
            "page": CITY_GUIDE,
            "about": "problem",
            "comment": "<script>alert(1)</script> wrong hours",
        },
    )
    client.post("/feedback/", {"page": GUIDE, "about": "problem", "comment": "National typo"})
    city, national = Feedback.objects.order_by("pk")
    assert city.region_id == SHENZHEN and national.region_id is None

    shenzhen = client_for(make_staff("sz", group=REGIONAL_STAFF, regions=(SHENZHEN,)))
    guangzhou = client_for(make_staff("gz", group=REGIONAL_STAFF, regions=(GUANGZHOU,)))
    home = shenzhen.get("/admin/").content.decode()
    assert f"/admin/feedback/feedback/{city.pk}/change/" in home
    assert "&lt;script&gt;alert(1)&lt;/script&gt; wrong hours" in home
    assert "<script>alert(1)" not in home
    assert f"/admin/feedback/feedback/{national.pk}/" not in home
    listed = shenzhen.get("/admin/feedback/feedback/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in listed and "<script>alert(1)" not in listed
    shown = shenzhen.get(f"/admin/feedback/feedback/{city.pk}/change/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown and "<script>alert(1)" not in shown
    assert guangzhou.get(f"/admin/feedback/feedback/{city.pk}/change/").status_code == 404
    assert f"/feedback/{city.pk}/" not in guangzhou.get("/admin/").content.decode()

    editors = client_for(editor).get("/admin/").content.decode()
    assert f"/admin/feedback/feedback/{national.pk}/change/" in editors
    assert f"/admin/feedback/feedback/{city.pk}/change/" not in editors


def test_staff_move_feedback_on_and_cannot_change_what_was_said(pages):
    Client().post("/feedback/", {"page": CITY_GUIDE, "about": "problem", "comment": "Wrong."})
    kept = Feedback.objects.get()
    user = make_staff("sz", group=REGIONAL_STAFF, regions=(SHENZHEN,))
    staff = client_for(user)
    response = staff.post(
        f"/admin/feedback/feedback/{kept.pk}/change/",
        {"status": "in_progress", "comment": "Rewritten", "page": "/elsewhere/"},
    )
    assert response.status_code == 302
    kept.refresh_from_db()
    assert (kept.status, kept.comment, kept.page) == ("in_progress", "Wrong.", CITY_GUIDE)
    assert kept.handled_by == user
    assert staff.get("/admin/feedback/feedback/add/").status_code == 403


def test_a_problem_needs_words_and_says_so(client, pages):
    response = client.post("/feedback/", {"page": GUIDE, "about": "problem", "comment": "  "})
    assert response.status_code == 400
    assert "Say what the problem is." in response.content.decode()
    assert not Feedback.objects.exists()


def test_robots_filling_the_hidden_field_are_thanked_and_nothing_is_kept(client, pages):
    response = client.post(
        "/feedback/", {"page": GUIDE, "useful": "no", "website": "http://spam.example"}
    )
    assert response.status_code == 200
    assert "Thank you for your feedback" in response.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "page",
    ["/admin/", "//evil.example/", "https://evil.example/", "/no-such-page/", "/feedback/",
     GUIDE + "\x00", "guides/", "/" + "a" * 400, "/zh-hans/feedback/", ""],
)  # fmt: skip
def test_feedback_about_anything_but_a_page_of_the_site_is_refused(client, pages, page):
    response = client.post("/feedback/", {"page": page, "useful": "yes"})
    assert response.status_code == 400
    assert not Feedback.objects.exists()
    assert client.get("/feedback/", {"page": page}).status_code in (400, 404)


def test_one_address_may_send_ten_in_ten_minutes_whatever_headers_it_sends(client, pages):
    for n in range(10):
        response = client.post(
            "/feedback/", {"page": GUIDE, "useful": "yes"},
            REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7",
        )  # fmt: skip
        assert response.status_code == 200
    # A new address of its own choosing, in front of what the proxy wrote: the same bucket.
    refused = client.post(
        "/feedback/", {"page": GUIDE, "useful": "yes"},
        REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.200, 203.0.113.7",
    )  # fmt: skip
    assert refused.status_code == 429
    assert "Try again in ten minutes" in refused.content.decode()
    assert Feedback.objects.count() == 10
    other = client.post(
        "/feedback/", {"page": GUIDE, "useful": "yes"},
        REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8",
    )  # fmt: skip
    assert other.status_code == 200


def test_in_chinese_the_form_and_thanks_are_in_chinese_and_the_language_is_kept(client, pages):
    page = client.get("/zh-hans" + GUIDE).content.decode()
    assert 'action="/zh-hans/feedback/"' in page
    thanks = client.post("/zh-hans/feedback/", {"page": "/zh-hans" + GUIDE, "useful": "yes"})
    assert "感谢您的反馈" in thanks.content.decode()
    assert Feedback.objects.get().language == "zh-hans"


def test_the_feedback_and_trust_pages_are_valid_html(client, pages, html_validator):
    thanks_no = client.post("/feedback/", {"page": GUIDE, "useful": "no"}).content
    thanks_yes = client.post("/zh-hans/feedback/", {"page": GUIDE, "useful": "yes"}).content
    refused = client.post("/feedback/", {"page": GUIDE, "about": "problem"}).content
    documents = {
        "thanks (no)": thanks_no,
        "thanks (yes, Chinese)": thanks_yes,
        "refused": refused,
        **{
            url: client.get(url).content
            for url in [
                f"/feedback/?page={CITY_GUIDE}",
                *(
                    f"{prefix}/{page}/"
                    for prefix in ("", "/zh-hans")
                    for page in ("about", "accessibility", "privacy", "contact")
                ),
            ]
        },
    }
    assert html_validator(documents) == []


def test_the_privacy_page_names_the_cookies_the_site_sets(client, pages):
    page = client.get("/privacy/").content.decode()
    chosen = client.post(f"{GUIDE}region/", {"region": "440300"})
    for name in chosen.cookies:
        assert f'<code lang="en">{name}</code>' in page
    assert '<code lang="en">language</code>' in page and '<code lang="en">sessionid</code>' in page


def test_the_contact_page_lists_the_national_services_from_their_records(client, pages):
    from local.models import Service
    from local.services import load_variations_file
    from tests.factories import ROOT

    load_variations_file(ROOT / "fixtures" / "regions" / "services.json")
    assert Service.objects.filter(region=None, is_live=True).count() == 5
    page = client.get("/contact/").content.decode()
    for service in Service.objects.filter(region=None, is_live=True):
        assert escape(service.notes) in page
        if service.url or service.number:
            assert f'href="{service.url or "tel:" + service.number}"' in page


@pytest.mark.parametrize(
    ("page", "region"),
    [("/regions/440000/440300/", SHENZHEN), ("/zh-hans/regions/440000/", "440000"),
     ("/answers/pay/flexible/440300/", SHENZHEN), ("/laws/social-insurance-law/", None),
     ("/about/", None)],
)  # fmt: skip
def test_a_report_about_a_regions_page_of_any_kind_goes_to_that_region(client, pages, page, region):
    response = client.post("/feedback/", {"page": page, "about": "problem", "comment": "x"})
    assert response.status_code == 200
    assert Feedback.objects.get().region_id == region


@pytest.mark.parametrize(
    "page", ["/en//evil.example/x", "/en/guides/", "/healthz", "/readyz", "/zh/", "/sitemap.xml"]
)
def test_redirects_probes_and_files_take_no_feedback(client, pages, page):
    assert client.post("/feedback/", {"page": page, "useful": "yes"}).status_code == 400
    assert not Feedback.objects.exists()


def test_an_ipv6_sender_is_counted_by_its_64(client, settings, pages):
    settings.PROXY_COUNT = 0
    for n in range(10):
        response = client.post(
            "/feedback/", {"page": GUIDE, "useful": "yes"}, REMOTE_ADDR=f"2001:db8:1:2::{n:x}"
        )
        assert response.status_code == 200
    refused = client.post(
        "/feedback/", {"page": GUIDE, "useful": "yes"}, REMOTE_ADDR="2001:db8:1:2:ffff::1"
    )
    assert refused.status_code == 429
    other = client.post(
        "/feedback/", {"page": GUIDE, "useful": "yes"}, REMOTE_ADDR="2001:db8:1:3::1"
    )
    assert other.status_code == 200
