"""The law pages in a real browser: accessibility and paragraph links."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


LAW_PAGES = [
    "/laws/",
    "/laws/social-insurance-law/",
    "/laws/social-insurance-law/2010-06-01/",
    "/laws/social-insurance-law/article/60/",
    "/laws/social-insurance-law/article/64/2015-06-01/",
    "/laws/social-insurance-law/article/64/?on=not-a-date",
    "/laws/social-insurance-law/whole/",
    "/zh-hans/laws/social-insurance-law/chapter/8/2015-06-01/",
]


def test_law_pages_have_no_accessibility_violations(assert_pages_accessible, social_insurance_law):
    assert_pages_accessible(LAW_PAGES)


def test_a_paragraph_link_lands_on_that_paragraph(live_server, page, social_insurance_law):
    page.goto(live_server.url + "/laws/social-insurance-law/article/60/#p2")
    target = page.locator(":target")
    assert target.get_attribute("id") == "p2"
    assert "灵活就业人员" in target.inner_text()
    expect(target).to_be_visible()


def test_choosing_a_date_shows_the_old_wording(live_server, page, social_insurance_law):
    page.goto(live_server.url + "/laws/social-insurance-law/article/64/")
    page.get_by_label("Show the text in force on").fill("2015-06-01")
    page.get_by_role("button", name="Show this date").click()
    assert page.url.endswith("/laws/social-insurance-law/article/64/2015-06-01/")
    assert "分别建账，分账核算，执行国家统一的会计制度" in page.locator("#p1").inner_text()
