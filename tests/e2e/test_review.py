"""The regional journey in a real browser: a local office submitted, reviewed, published."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from editorial.models import StaffProfile
from editorial.roles import EDITORS, REGIONAL_STAFF
from tests.conftest import ensure_roles
from tests.factories import make_guide

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "Long-enough-pass-42"
CITY_GUIDE = "/guides/test-guide/440000/440300/"


@pytest.fixture
def people(social_insurance_law, regions):
    ensure_roles()
    make_guide(steps=5)
    users = {}
    for name, group in [("li", REGIONAL_STAFF), ("wang", EDITORS)]:
        user = get_user_model().objects.create_user(name, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        users[name] = user
    StaffProfile.objects.create(user=users["li"]).regions.set(["440300"])
    return users


def sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/admin/")


def test_regional_staff_submit_an_office_and_an_editor_publishes_it(
    browser, live_server, people, assert_serious_free
):
    base = live_server.url
    staff = browser.new_context(viewport={"width": 1280, "height": 900})
    page = staff.new_page()
    sign_in(page, base, "li")
    page.goto(base + "/admin/local/office/add/")
    assert_serious_free(page)
    # Only Shenzhen is on offer in the region list.
    page.locator("#id_region").select_option("440300")
    page.get_by_label("Kind").select_option("office")
    # Written in Chinese first, as regional staff do, and in English.
    page.get_by_label("Name (简体中文)").fill("福田社会保险服务大厅")
    page.get_by_label("Name (English)").fill("Futian service hall")
    page.get_by_label("Address (English)").fill("8 Example Road, Futian")
    page.get_by_label("Opening hours (English)").fill("Monday to Friday, 9:00 to 17:00")
    page.locator("#id_source_en").fill("Shenzhen notice 2026/12")
    page.get_by_label("Last verified").fill("2026-11-20")
    page.get_by_label("Verified by (English)").fill("Shenzhen regional team")
    page.get_by_role("button", name="Submit for review").first.click()
    assert "Submitted for review" in page.locator(".messagelist").inner_text()
    staff.close()

    citizen = browser.new_context().new_page()
    citizen.goto(base + CITY_GUIDE)
    assert "Futian service hall" not in citizen.content()

    editors = browser.new_context(viewport={"width": 1280, "height": 900})
    page = editors.new_page()
    sign_in(page, base, "wang")
    page.get_by_role("link", name="1 submission waiting for review").click()
    assert_serious_free(page)
    page.get_by_role("link", name="Shenzhen: Futian service hall").click()
    assert "This item is new; approving puts it on the site." in page.content()
    assert_serious_free(page)
    page.get_by_role("button", name="Approve and publish").click()
    assert "Approved and published." in page.locator(".messagelist").inner_text()
    editors.close()

    citizen.goto(base + CITY_GUIDE)
    offices = citizen.locator("#offices ~ .c-offices").first
    assert "Futian service hall" in offices.inner_text()
    assert (
        "Last verified 20 November 2026 by <span>Shenzhen regional team</span>."
        in citizen.content()
    )
    # The Chinese page has the Chinese name, and what was written only in English marked so.
    citizen.goto(base + "/zh-hans" + CITY_GUIDE)
    offices = citizen.locator("#offices ~ .c-offices").first
    assert "福田社会保险服务大厅" in offices.inner_text()
    assert offices.locator('[lang="en"]', has_text="8 Example Road, Futian").count() == 1
