"""The first screen of a phone (375 x 812): the answer first."""

import pytest

from search.indexing import rebuild
from tests.factories import load_shipped_content

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
GUIDE = "/guides/where-to-pay-social-security/"
SCREEN = {"width": 375, "height": 812}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=SCREEN)
    yield context.new_page()
    context.close()


@pytest.fixture
def shipped(social_insurance_law, regions):
    load_shipped_content()
    rebuild()


def top(page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    return box["y"] + page.evaluate("scrollY")


@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
def test_the_national_guides_first_screen_has_the_answer_and_the_start_of_step_1(
    live_server, phone, shipped, prefix
):
    phone.goto(live_server.url + prefix + GUIDE)
    lead = phone.locator(".c-lead").bounding_box()
    assert lead["y"] + lead["height"] < SCREEN["height"]
    # Step 1's title begins on the first screen.
    assert top(phone, "#step-1") + 24 < SCREEN["height"]


@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
def test_a_city_guides_first_screen_says_what_differs_there(live_server, phone, shipped, prefix):
    phone.goto(live_server.url + prefix + GUIDE + "440000/440300/")
    differs = phone.locator(".c-region-banner__steps li").first
    box = differs.bounding_box()
    assert box["y"] + box["height"] < SCREEN["height"]
    # And it leads to the step that differs.
    differs.locator("a").click()
    assert phone.url.endswith("#step-1") or "#step-" in phone.url


def test_the_region_chooser_opens_in_place_without_javascript(browser, live_server, shipped):
    context = browser.new_context(viewport=SCREEN, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + GUIDE + "440000/440300/")
    page.get_by_text("Change region").click()
    chooser = page.locator("#region-chooser")
    assert chooser.get_attribute("open") is not None
    assert top(page, "#region-chooser") < 2 * SCREEN["height"]  # near the top, not the end
    context.close()
