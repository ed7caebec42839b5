"""A local item or figure checked against its source longer ago than the setting
(12 months unless set) says so to citizens (local.freshness)."""

import datetime

import pytest
import time_machine

from local import freshness
from tests.factories import SHENZHEN, office

pytestmark = pytest.mark.django_db

REGION_PAGE = "/regions/440000/440300/"


@pytest.mark.parametrize(
    ("today", "fresh_since"),
    [
        ("2026-12-04", "2025-12-04"),
        ("2028-02-29", "2027-02-28"),  # no 29 February a year before
        ("2026-01-31", "2025-01-31"),
    ],
)
def test_a_year_back_is_the_same_day_or_the_months_last(today, fresh_since):
    day = datetime.date.fromisoformat(today)
    assert freshness.fresh_since(day) == datetime.date.fromisoformat(fresh_since)


def test_six_months_when_set(settings):
    settings.CHECK_AGAIN_AFTER_MONTHS = 6
    assert freshness.fresh_since(datetime.date(2026, 3, 31)) == datetime.date(2025, 9, 30)
    assert freshness.warning() == "Not checked for over 6 months"


def test_an_item_checked_over_a_year_ago_says_so_and_one_checked_since_does_not(client):
    office(SHENZHEN, "Old hall", last_verified=datetime.date(2025, 11, 30))
    office(SHENZHEN, "New hall", last_verified=datetime.date(2025, 12, 5))

    with time_machine.travel(datetime.datetime(2026, 12, 4, 12, tzinfo=datetime.UTC)):
        page = client.get(REGION_PAGE).content.decode()

    old = page[page.index("Old hall") :][:1500]
    new = page[page.index("New hall") :][:1500]
    assert "Not checked for over a year" in old
    assert "Not checked for over a year" not in new.split("Old hall")[0]


def test_the_warning_is_in_chinese_on_chinese_pages(client):
    office(SHENZHEN, "Old hall", last_verified=datetime.date(2024, 1, 1))
    assert "超过1年未核对" in client.get("/zh-hans" + REGION_PAGE).content.decode()
