"""A guide for a region as it stood on a day: the version published by then, with the
region's rules as they read at the end of that day, from their kept versions (a change
since shows its earlier words, an item added since is left out, one withdrawn by then too)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from guides.models import GuideVersion, Step
from local import workflow
from tests.factories import SHENZHEN, hotline, make_guide, office, step_change

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CITY = "/guides/test-guide/440000/440300/"


def day(days_ago: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days_ago)


def at(days_ago: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days_ago)


@pytest.fixture
def history(regions, social_insurance_law, editor):
    with time_machine.travel(at(10), tick=False):
        guide = make_guide(steps=2)
        note = step_change(SHENZHEN, Step.objects.get(guide=guide, position=1), "note", "Old note")
        old_line = hotline(SHENZHEN, "0755-1111")
    GuideVersion.objects.filter(guide=guide).update(published_at=at(10))
    with time_machine.travel(at(5), tick=False):
        note.text = "New note"
        workflow.save(item=note, by=editor)  # an editor's save of a live item publishes it
    with time_machine.travel(at(3), tick=False):
        office(SHENZHEN, "New hall")
    with time_machine.travel(at(2), tick=False):
        workflow.withdraw(item=old_line, by=editor)
    return guide


def page(client, days_ago: int) -> str:
    response = client.get(f"{CITY}{day(days_ago).isoformat()}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_day_shows_the_regions_rules_as_they_read_then(client, history):
    week_ago = page(client, 7)
    assert "Old note" in week_ago and "New note" not in week_ago
    assert "New hall" not in week_ago and "0755-1111" in week_ago
    assert "This guide as it stood on" in week_ago

    four_days_ago = page(client, 4)
    assert "New note" in four_days_ago and "Old note" not in four_days_ago
    assert "New hall" not in four_days_ago

    yesterday = page(client, 1)
    assert "New hall" in yesterday and "New note" in yesterday
    assert "0755-1111" not in yesterday  # withdrawn two days ago


def test_today_is_the_regions_page_and_before_the_first_publication_is_a_404(client, history):
    assert client.get(f"{CITY}{TODAY.isoformat()}/").url == CITY
    assert client.get(f"{CITY}{day(20).isoformat()}/").status_code == 404
    assert client.get(f"/guides/test-guide/990000/{day(7).isoformat()}/").status_code == 404


def test_the_regions_page_history_links_to_its_own_dated_pages(client, history):
    today = client.get(CITY).content.decode()
    assert f'href="{CITY}{day(10).isoformat()}/"' in today
