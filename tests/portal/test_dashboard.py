"""What needs me: the admin's landing page shows each role its own work, each entry
linked to the screen that settles it, in a fixed number of queries (portal.dashboard)."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from editorial.models import PublishedVersion
from editorial.roles import REGIONAL_STAFF
from local.models import Office, Status
from search.models import MissedSearch
from tests.factories import (
    GUANGZHOU,
    SHENZHEN,
    client_for,
    hotline,
    make_guide,
    make_staff,
    office,
    returned,
)
from tests.queries import cold_queries

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2025, 1, 10)


def section(page: str, key: str) -> str:
    start = page.index(f'id="dashboard-{key}"')
    end = page.find('class="module dashboard-section"', start)
    return page[start : end if end > 0 else page.index("</div>", start)]


def test_regional_staff_see_their_returned_items_with_the_comment_escaped(shenzhen_staff, editor):
    item = office(SHENZHEN, "Futian hall", status=Status.DRAFT)
    returned(item, by=shenzhen_staff, reviewer=editor, comment="<b>Wrong</b> opening hours")
    returned(
        office(GUANGZHOU, "Tianhe hall", status=Status.DRAFT),
        by=make_staff("guangzhou", group=REGIONAL_STAFF, regions=(GUANGZHOU,)),
        reviewer=editor,
    )

    page = client_for(shenzhen_staff).get("/admin/").content.decode()

    found = section(page, "returned")
    assert f"/admin/local/office/{item.pk}/change/" in found
    assert "Futian hall" in found
    assert "&lt;b&gt;Wrong&lt;/b&gt; opening hours" in found
    assert "<b>Wrong</b>" not in page
    assert "Tianhe hall" not in page  # another region's


def test_regional_staff_see_their_drafts_not_submitted(shenzhen_staff):
    draft = office(SHENZHEN, "Nanshan hall", status=Status.DRAFT)
    office(SHENZHEN, "Luohu hall")  # published: nothing to do

    found = section(client_for(shenzhen_staff).get("/admin/").content.decode(), "drafts")

    assert f"/admin/local/office/{draft.pk}/change/" in found
    assert "Luohu hall" not in found


def test_items_not_checked_for_a_year_need_checking_and_one_click_confirms_them(
    client, shenzhen_staff
):
    old = hotline(SHENZHEN, "12333", last_verified=LONG_AGO)
    hotline(SHENZHEN, "0755-12345")  # checked on 2 November 2026
    staff = client_for(shenzhen_staff)

    found = section(staff.get("/admin/").content.decode(), "check")
    assert f"/admin/local/hotline/{old.pk}/still-right/" in found
    assert "12333" in found and "0755-12345" not in found
    assert "Not checked for over a year" in client.get("/regions/440000/440300/").content.decode()

    response = staff.post(
        f"/admin/local/hotline/{old.pk}/still-right/", {"next": "dashboard"}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/admin/"
    old.refresh_from_db()
    assert old.last_verified == timezone.localdate()
    assert "12333" not in section(response.content.decode(), "check")
    assert (
        "Not checked for over a year" not in client.get("/regions/440000/440300/").content.decode()
    )
    assert "still right" in LogEntry.objects.get(object_id=str(old.pk)).get_change_message()
    # Its history holds the words as they were, then as confirmed.
    before, after = PublishedVersion.objects.filter(object_id=old.pk).order_by("published_at")
    assert before.content["last_verified"] == LONG_AGO.isoformat()
    assert after.content["last_verified"] == timezone.localdate().isoformat()
    assert after.published_by == shenzhen_staff


def test_confirming_keeps_a_waiting_proposal_as_it_was_submitted(shenzhen_staff, editor):
    from local import workflow

    old = hotline(SHENZHEN, "12333", last_verified=LONG_AGO)
    old.number = "12333-1"
    workflow.save(item=old, by=shenzhen_staff, submit=True)

    client_for(shenzhen_staff).post(f"/admin/local/hotline/{old.pk}/still-right/")

    live = type(old).objects.get(pk=old.pk)
    assert live.number == "12333" and live.last_verified == timezone.localdate()
    assert live.status == Status.IN_REVIEW
    assert live.pending["number"] == "12333-1"


def test_staff_cannot_confirm_another_regions_item_nor_by_get(shenzhen_staff):
    other = hotline(GUANGZHOU, "12333", last_verified=LONG_AGO)
    staff = client_for(shenzhen_staff)
    assert staff.post(f"/admin/local/hotline/{other.pk}/still-right/").status_code == 404
    mine = hotline(SHENZHEN, "12333", last_verified=LONG_AGO)
    assert staff.get(f"/admin/local/hotline/{mine.pk}/still-right/").status_code == 405
    assert staff.post("/admin/local/hotline/%EF%BC%99/still-right/").status_code == 404
    other.refresh_from_db()
    mine.refresh_from_db()
    assert other.last_verified == mine.last_verified == LONG_AGO


def test_editors_see_review_scheduled_publications_and_missed_searches(editor, shenzhen_staff):
    from local import workflow

    waiting = office(SHENZHEN, "Bao'an hall", status=Status.DRAFT)
    workflow.save(item=waiting, by=shenzhen_staff, submit=True)
    guide = make_guide(steps=1, state="scheduled", slug="soon")
    MissedSearch.objects.create(
        query="<script>x</script>", language="en", first_searched=LONG_AGO,
        last_searched=LONG_AGO, times=3,
    )  # fmt: skip

    page = client_for(editor).get("/admin/").content.decode()

    assert f"/admin/review/office/{waiting.pk}/" in section(page, "review")
    assert f"/admin/guides/guide/{guide.pk}/change/" in section(page, "scheduled")
    missed = section(page, "missed")
    assert "&lt;script&gt;x&lt;/script&gt;" in missed and "<script>x" not in page
    assert "No step cites law that changed" in section(page, "law")
    assert 'id="dashboard-returned"' not in page  # regional staff's own work


def test_the_dashboard_costs_the_same_queries_however_much_work_there_is(
    client, editor, shenzhen_staff
):
    def work(count: int, start: int):
        for n in range(start, start + count):
            office(SHENZHEN, f"Draft {n}", status=Status.DRAFT)
            returned(office(SHENZHEN, f"Returned {n}", status=Status.DRAFT),
                     by=shenzhen_staff, reviewer=editor)  # fmt: skip
            hotline(SHENZHEN, f"1{n:04}", last_verified=LONG_AGO)
            make_guide(steps=1, state="scheduled", slug=f"soon-{n}")

    for offset, user in enumerate((editor, shenzhen_staff)):
        client.force_login(user)
        Office.objects.all().delete()
        work(1, offset * 10)
        few = cold_queries(client, "/admin/")
        work(4, offset * 10 + 1)
        many = cold_queries(client, "/admin/")
        assert many == few, user
