"""What only a browser shows: accessibility and the keyboard path."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_has_no_accessibility_violations(live_server, page, assert_accessible):
    page.goto(live_server.url + "/")
    assert_accessible(page)


def test_404_page_has_no_accessibility_violations(live_server, page, assert_accessible):
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert_accessible(page)


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    assert page.url.endswith("#main-content")


def test_page_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    context.close()


def test_no_request_leaves_the_site(live_server, page):
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(live_server.url) else None
        ),
    )
    page.goto(live_server.url + "/")
    page.wait_for_load_state("networkidle")
    assert outside == []


def test_guides_index_has_no_accessibility_violations(live_server, page, assert_accessible):
    from tests.conftest import ensure_social_insurance_law
    from tests.factories import make_guide

    ensure_social_insurance_law()
    for number in range(22):
        make_guide(steps=1, slug=f"guide-{number:02}")
    page.goto(live_server.url + "/guides/")
    expect(page.get_by_role("link", name="Next page")).to_be_visible()
    assert_accessible(page)
