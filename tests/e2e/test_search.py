"""Search in a real browser: from the header box to a result, accessibly."""

import pytest

from search.indexing import rebuild
from tests.factories import load_shipped_content

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(social_insurance_law, regions):
    load_shipped_content()
    rebuild()


def test_the_header_box_finds_the_law_in_chinese_and_takes_the_reader_there(
    live_server, page, assert_accessible, seeded
):
    page.goto(live_server.url + "/")
    page.get_by_label("Search guides, local rules and the law").fill("滞纳金")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert_accessible(page)
    page.get_by_role("link", name="Article 86, paragraph 1").click()
    assert page.url.endswith("/laws/social-insurance-law/article/86/#p1")
    assert page.locator(":target").get_attribute("id") == "p1"


def test_search_pages_have_no_accessibility_violations(assert_pages_accessible, seeded):
    queries = ["?q=社会保险&region=440000/440300", "?q=zebra&kind=law", "?q=!!!", ""]
    assert_pages_accessible(["/search/" + query for query in queries])
