"""Guided answers, figures and calculators in a real browser: no accessibility violations,
the whole journey without JavaScript, and the Back button keeping each answer."""

import pytest
from playwright.sync_api import expect

from tests.factories import load_shipped_content

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
OUTCOME = "/answers/pay/flexible/310000/not-registered/"


@pytest.fixture
def shipped(social_insurance_law, regions):
    load_shipped_content()


ANSWER_PAGES = [
    "/answers/pay/",
    "/answers/pay/flexible/",
    "/answers/pay/flexible/310000/",
    OUTCOME,
    "/answers/pay/employee/440300/",
    "/regions/310000/figures/",
    "/figures/",
    "/calculators/flexible-worker/?region=310000&month=2024-01&base=8000",
    "/calculators/flexible-worker/?region=310000&base=10",
    "/calculators/resident/?region=110000&amount=2000&years=15",
    "/calculators/late-payment-fee/?owed=10000&deadline=2024-02-28&paid=2024-03-01",
    "/calculators/late-payment-fee/?owed=x&deadline=2024-02-30&paid=2999-01-01",
    "/zh-hans" + OUTCOME,
    "/zh-hans/calculators/flexible-worker/?region=310000&month=2024-01&base=8000",
]


def test_answer_pages_have_no_accessibility_violations(assert_pages_accessible, shipped):
    assert_pages_accessible(ANSWER_PAGES)


def test_a_flexible_worker_finds_the_amount_without_javascript_and_goes_back(
    browser, live_server, shipped
):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="A flexible worker").first.click()
    page.get_by_label("Province, autonomous region or municipality").select_option("310000")
    page.get_by_role("button", name="Continue").click()
    assert page.url.endswith("/answers/pay/flexible/310000/")
    page.get_by_role("link", name="Not yet").click()
    assert page.url.endswith(OUTCOME)
    expect(page.get_by_text("At least 2,558.50 yuan a month")).to_be_visible()
    page.go_back()
    assert page.url.endswith("/answers/pay/flexible/310000/")
    expect(page.get_by_role("link", name="Yes, registered")).to_be_visible()
    context.close()


def test_the_late_fee_calculator_works_without_javascript(browser, live_server, shipped):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/calculators/late-payment-fee/")
    page.get_by_label("The contributions paid late, in yuan").fill("10000")
    page.get_by_label("The last day they were due").fill("2024-02-28")
    page.get_by_label("The day they were paid").fill("2024-03-01")
    page.get_by_role("button", name="Work it out").click()
    expect(page.get_by_text("Late-payment fee: 10.00 yuan")).to_be_visible()
    assert "owed=10000" in page.url  # the result can be shared
    context.close()
