"""A citizen answers "Is this page useful?" and reports a problem in a browser without
JavaScript; the trust pages, the feedback pages and the staff dashboard pass axe."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from editorial.roles import REGIONAL_STAFF
from feedback.models import Feedback
from tests.factories import SHENZHEN, make_staff, office

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GUIDE = "/guides/where-to-pay-social-security/"
CITY_GUIDE = GUIDE + "440000/440300/"


@pytest.fixture(autouse=True)
def no_counts_yet():
    cache.clear()


def test_feedback_works_without_javascript_and_reaches_the_citys_staff(
    browser, live_server, seed_guide, assert_serious_free
):
    office(SHENZHEN, "Futian hall")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + CITY_GUIDE)

    page.get_by_role("button", name="No this page is not useful").click()
    expect(page.get_by_role("heading", name="Thank you for your feedback")).to_be_visible()
    page.get_by_label("What is wrong, missing or unclear?").fill("The hours are old.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Your words were added to your answer.")).to_be_visible()
    page.get_by_role("link", name="Back to the page").click()
    assert page.url == live_server.url + CITY_GUIDE

    page.get_by_role("link", name="Report a problem with this page").click()
    page.get_by_role("button", name="Send").click()  # nothing said
    expect(page.locator(".c-error-summary")).to_contain_text("Say what the problem is.")
    page.get_by_label("What is wrong, missing or unclear?").fill("Wrong address.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you for your feedback")).to_be_visible()
    context.close()

    said = Feedback.objects.order_by("pk")
    assert [(f.kind, f.comment, f.region_id) for f in said] == [
        ("not_useful", "The hours are old.", SHENZHEN),
        ("problem", "Wrong address.", SHENZHEN),
    ]

    make_staff("shenzhen", group=REGIONAL_STAFF, regions=(SHENZHEN,))
    staff = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    staff.goto(live_server.url + "/admin/login/")
    staff.get_by_label("Username").fill("shenzhen")
    staff.get_by_label("Password").fill("Long-enough-pass-42")
    staff.get_by_role("button", name="Log in").click()
    expect(staff.locator("#dashboard-feedback")).to_contain_text("Wrong address.")
    assert_serious_free(staff)


def test_the_feedback_pages_have_no_accessibility_violations(
    live_server, page, seed_guide, assert_accessible
):
    # axe runs in the page's JavaScript: this journey has it on, the one above off.
    page.goto(live_server.url + GUIDE)
    page.get_by_role("button", name="No this page is not useful").click()
    expect(page.get_by_role("heading", name="Thank you for your feedback")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + GUIDE)
    page.get_by_role("link", name="Report a problem with this page").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".c-error-summary")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/about/", "/accessibility/", "/privacy/", "/contact/"])
@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
def test_the_trust_pages_have_no_accessibility_violations(
    live_server, page, assert_accessible, path, prefix
):
    page.goto(live_server.url + prefix + path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    footer = page.locator("footer")
    for name in ("About this site", "Accessibility", "Where to get help") if not prefix else ():
        expect(footer.get_by_role("link", name=name)).to_be_visible()
    assert_accessible(page)
