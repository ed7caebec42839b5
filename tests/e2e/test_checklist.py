"""The checklist for the counter in a real browser: boxes that tick and are remembered on
this device only, cleared with one button, and one A4 page on paper for Shenzhen."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import SHENZHEN, load_shipped_content, office

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CHECKLIST = "/guides/where-to-pay-social-security/440000/440300/checklist/"
# A4 at 96 dpi less the print style's margins (1.5 cm each side).
A4_CONTENT_HEIGHT = (297 - 2 * 15) / 25.4 * 96
A4_CONTENT_WIDTH = (210 - 2 * 15) / 25.4 * 96


@pytest.fixture
def shenzhen(social_insurance_law, regions):
    """The shipped demonstration content, and a counter of Shenzhen's own (the seed lists
    only Guangdong's, which do not serve the city)."""
    load_shipped_content()
    counter = office(
        SHENZHEN,
        "Futian District social insurance service hall (demonstration)",
        name_zh_hans="福田区社会保险服务大厅（演示）",
        phone="0755-0000 0000",
        is_demo=True,
    )
    counter.address_en = "8 Example Road, Futian District, Shenzhen"
    counter.address_zh_hans = "深圳市福田区示例路8号"
    counter.opening_hours_en = "Monday to Friday, 9:00 to 12:00 and 14:00 to 18:00"
    counter.opening_hours_zh_hans = "周一至周五 9:00—12:00，14:00—18:00"
    counter.save()


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def watch_for_errors(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
def test_the_checklist_has_no_accessibility_violations(
    live_server, page, assert_accessible, shenzhen, prefix
):
    page.goto(live_server.url + prefix + CHECKLIST)
    page.locator("#checklist-item-1").check()
    assert_accessible(page)


def test_ticks_are_remembered_on_this_device_and_cleared(live_server, page, shenzhen):
    problems = watch_for_errors(page)
    requests: list[str] = []
    page.goto(live_server.url + CHECKLIST, wait_until="networkidle")
    page.on("request", lambda request: requests.append(request.url))
    expect(page.get_by_text("Your ticks are kept in this browser")).to_be_visible()

    card = page.get_by_label("Original and photocopy of social security card")
    permit = page.get_by_label(re.compile("^Original of Shenzhen residence permit"))
    card.focus()
    page.keyboard.press("Space")  # with the keyboard, as a real checkbox
    permit.click()  # and by its label
    expect(card).to_be_checked()
    assert requests == []  # nothing is sent

    page.reload()
    expect(card).to_be_checked()
    expect(permit).to_be_checked()
    expect(page.get_by_label("Original and photocopy of personal ID card")).not_to_be_checked()
    # A new visit, not the browser restoring the form: the ticks come from this device.
    page.goto("about:blank")
    page.goto(live_server.url + CHECKLIST)
    expect(card).to_be_checked()
    stored = page.evaluate("localStorage.getItem('portal-checklist:' + location.pathname)")
    assert "Original and photocopy of social security card" in stored

    # Each page keeps its own ticks: the Chinese page's are not these.
    page.goto(live_server.url + "/zh-hans" + CHECKLIST)
    expect(page.locator("#checklist-item-1")).not_to_be_checked()

    page.goto(live_server.url + CHECKLIST)
    page.get_by_role("button", name="Clear ticks").click()
    expect(card).not_to_be_checked()
    page.goto("about:blank")
    page.goto(live_server.url + CHECKLIST)
    expect(card).not_to_be_checked()
    expect(permit).not_to_be_checked()
    assert problems == []


def test_without_javascript_the_boxes_still_tick_and_the_paper_has_a_blank(
    live_server, browser, shenzhen
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + CHECKLIST)
    card = page.get_by_label("Original and photocopy of social security card")
    card.check()
    expect(card).to_be_checked()
    page.get_by_role("button", name="Clear ticks").click()  # the form's reset button
    expect(card).not_to_be_checked()
    expect(page.get_by_text("Your ticks are kept in this browser")).to_be_hidden()
    page.emulate_media(media="print")
    foot = page.locator(".c-checklist-printed")
    expect(foot).to_be_visible()
    expect(foot).to_contain_text("Printed from")
    expect(foot.locator("[data-printed-date]")).to_have_text("____________")
    address = foot.locator("[data-printed-address]").evaluate(
        "element => getComputedStyle(element, '::before').content"
    )
    assert address == f'"{live_server.url}{CHECKLIST}"'
    context.close()


@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
def test_the_printed_checklist_for_shenzhen_fits_one_a4_page(live_server, page, shenzhen, prefix):
    page.goto(live_server.url + prefix + CHECKLIST)
    page.emulate_media(media="print")
    # What the paper says: the office, its hours and phone, the hotline, the day printed.
    foot = page.locator(".c-checklist-printed")
    expect(foot).to_be_visible()
    expect(foot.locator("[data-printed-date]")).not_to_have_text("____________")
    assert re.search(
        "Futian District social insurance service hall|福田区社会保险服务大厅",
        page.inner_text("main"),
    )
    assert "0755-12333" in page.inner_text("main")
    assert page.get_by_role("button", name=re.compile("Clear ticks|清除")).is_hidden()

    # Laid out at the width of A4's printable area, the page is shorter than its height.
    page.set_viewport_size({"width": round(A4_CONTENT_WIDTH), "height": 600})
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"{prefix or '/'} checklist printed: {height} px of {A4_CONTENT_HEIGHT:.0f} px")
    assert height <= A4_CONTENT_HEIGHT
    assert pdf_pages(page.pdf(format="A4")) == 1


def test_the_printed_day_and_address_are_the_readers_not_the_cached_pages(
    live_server, page, shenzhen
):
    page.clock.set_fixed_time("2027-03-05T10:00:00+08:00")
    page.goto(live_server.url + "/zh-hans" + CHECKLIST + "?utm_source=wechat")
    page.emulate_media(media="print")
    foot = page.locator(".c-checklist-printed")
    expect(foot.locator("[data-printed-date]")).to_have_text("2027年3月5日")
    address = foot.locator("[data-printed-address]").get_attribute("data-url")
    assert address == live_server.url + "/zh-hans" + CHECKLIST  # without the tracker

    page.clock.set_fixed_time("2027-03-06T10:00:00+08:00")  # printed the next day
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    expect(foot.locator("[data-printed-date]")).to_have_text("2027年3月6日")
