"""Regions in a real browser: the chooser, its type-ahead, the remembered region, and axe."""

import pytest
from playwright.sync_api import expect

from tests.factories import load_shipped_content

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
GUIDE = "/guides/where-to-pay-social-security/"


@pytest.fixture
def seeded(social_insurance_law, regions):
    """The shipped content, with the demonstration variations of Guangdong and Shenzhen."""
    load_shipped_content()


def watch_for_errors(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


REGIONAL_PAGES = [
    GUIDE + "440000/440300/",
    GUIDE + "440000/",
    GUIDE + "110000/",
    GUIDE + "440000/440300/checklist/",
    GUIDE + "region/?place=Atlantis",
    GUIDE + "region/?place=Taizhou",
    "/regions/",
    "/regions/440000/440300/",
    "/zh-hans" + GUIDE + "440000/440300/",
    "/zh-hans/regions/440000/440300/",
]


def test_regional_pages_have_no_accessibility_violations(assert_pages_accessible, seeded):
    assert_pages_accessible(REGIONAL_PAGES)


def test_the_city_list_follows_the_province_and_the_choice_is_offered_again(
    live_server, page, assert_accessible, seeded
):
    problems = watch_for_errors(page)
    page.goto(live_server.url + GUIDE)
    assert page.locator("[data-module=region-offer]").is_hidden()
    page.locator("#region-chooser > summary").click()  # the chooser opens from one line
    page.get_by_label("Province, autonomous region or municipality").select_option("440000")
    city = page.get_by_label("City (optional)")
    expect(city.locator("option")).to_have_count(22)
    city.select_option("440300")
    assert_accessible(page)
    page.get_by_role("button", name="Show local rules").click()
    assert page.url == live_server.url + GUIDE + "440000/440300/"
    expect(page.get_by_role("heading", name="Showing Shenzhen, Guangdong")).to_be_visible()

    # Back on the national guide, the last choice is offered, not forced.
    page.goto(live_server.url + GUIDE)
    offer = page.locator("[data-module=region-offer]")
    offer.wait_for(state="visible")
    assert "Last time you chose Shenzhen, Guangdong." in offer.inner_text()
    assert page.url == live_server.url + GUIDE
    assert_accessible(page)
    offer.get_by_role("link", name="Show this guide for Shenzhen").click()
    assert page.url == live_server.url + GUIDE + "440000/440300/"

    # Clearing it takes the citizen home to the national guidance, and it is not offered again.
    page.get_by_role("link", name="Show the national guidance").click()
    assert page.url == live_server.url + GUIDE
    assert page.locator("[data-module=region-offer]").is_hidden()
    assert problems == []


def test_typing_a_city_name_suggests_it_in_both_languages(live_server, page, seeded):
    problems = watch_for_errors(page)
    page.goto(live_server.url + GUIDE)
    page.locator("#region-chooser > summary").click()
    place = page.get_by_label("Or type the name of your city or province")
    place.focus()
    expect(page.locator("datalist option")).to_have_count(31 + 333 + 32)
    suggestion = "Shenzhen, Guangdong · 广东省深圳市"
    assert page.locator(f'datalist option[value="{suggestion}"]').count() == 1
    place.fill(suggestion)  # what picking the suggestion puts in the field
    page.get_by_role("button", name="Show local rules").click()
    assert page.url == live_server.url + GUIDE + "440000/440300/"

    page.goto(live_server.url + GUIDE)
    page.locator("#region-chooser > summary").click()
    place.fill("深圳")
    place.press("Enter")
    assert page.url == live_server.url + GUIDE + "440000/440300/"
    assert problems == []


def test_without_javascript_the_province_then_the_city_is_chosen(browser, live_server, seeded):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + GUIDE)
    page.locator("#region-chooser > summary").click()  # opens without JavaScript too
    page.get_by_label("Province, autonomous region or municipality").select_option("440000")
    page.get_by_role("button", name="Show local rules").click()
    assert page.url == live_server.url + GUIDE + "440000/"
    # The province's page keeps the chooser open, for its cities.
    page.get_by_label("City (optional)").select_option("440300")
    page.get_by_role("button", name="Show local rules").click()
    assert page.url == live_server.url + GUIDE + "440000/440300/"
    expect(page.get_by_text("Not needed in Shenzhen").first).to_be_visible()
    context.close()
