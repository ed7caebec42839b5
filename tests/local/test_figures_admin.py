"""The figures' admin, as each role: regional staff keep their own regions' figures through
review, never the national ones or another region's; editors keep all of them."""

import datetime
from decimal import Decimal

import pytest

from local.models import Figure, Status
from tests.factories import client_for, provenance, review, submitted

PROVENANCE = {"source_en": "Shenzhen notice 2025/3", "last_verified": "2026-11-02",
              "verified_by_en": "Shenzhen team"}  # fmt: skip


def form(**fields) -> dict:
    return {"scheme": "flexible", "insurance": "all", "kind": "base_floor", "amount": "4775",
            "in_force_from": "2025-07-01", "in_force_until": "", "source_url": "",
            "reliability_en": "", "text_en": "", **PROVENANCE, **fields}  # fmt: skip


@pytest.fixture
def figures(regions):
    made = {}
    for name, code in [("national", None), ("shenzhen", "440300"), ("shanghai", "310000")]:
        made[name] = Figure.objects.create(
            region_id=code, scheme="flexible", insurance="all", kind="base_floor",
            amount=Decimal("1000"), in_force_from=datetime.date(2025, 1, 1), **provenance(),
        )  # fmt: skip
    return made


def test_regional_staff_list_only_their_regions_figures(shenzhen_staff, figures):
    page = client_for(shenzhen_staff).get("/admin/local/figure/").content.decode()
    assert f"/admin/local/figure/{figures['shenzhen'].pk}/change/" in page
    assert f"/admin/local/figure/{figures['shanghai'].pk}/change/" not in page
    assert f"/admin/local/figure/{figures['national'].pk}/change/" not in page


@pytest.mark.parametrize("other", ["national", "shanghai"])
def test_a_national_or_other_regions_figure_does_not_exist_for_regional_staff(
    shenzhen_staff, figures, other
):
    client = client_for(shenzhen_staff)
    pk = figures[other].pk
    for page in ["change", "history", "delete", "versions"]:
        url = f"/admin/local/figure/{pk}/{page}/"
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/admin/local/figure/{pk}/change/", form(region="440300")).status_code == 404
    )
    figures[other].refresh_from_db()
    assert figures[other].amount == Decimal("1000")


def test_regional_staff_cannot_add_a_national_figure_or_one_for_elsewhere(shenzhen_staff, regions):
    client = client_for(shenzhen_staff)
    national = client.post("/admin/local/figure/add/", form(region=""))
    assert national.status_code == 200 and "This field is required." in national.content.decode()
    elsewhere = client.post("/admin/local/figure/add/", form(region="310000"))
    assert "Select a valid choice" in elsewhere.content.decode()
    assert not Figure.objects.exists()


def test_a_regional_figure_goes_live_only_when_another_editor_approves(
    shenzhen_staff, editor, regions, client
):
    staff = client_for(shenzhen_staff)
    response = staff.post("/admin/local/figure/add/", {**form(region="440300"), "_submit": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    item = Figure.objects.get()
    assert (item.status, item.is_live, item.region_id) == (Status.IN_REVIEW, False, "440300")
    assert (
        "4,775 yuan a month" not in client.get("/regions/440000/440300/figures/").content.decode()
    )
    assert review(client_for(editor), item, "approve").status_code == 302
    item.refresh_from_db()
    assert item.is_live
    assert "4,775 yuan a month" in client.get("/regions/440000/440300/figures/").content.decode()


def test_an_editor_keeps_national_figures(editor_client, regions):
    share = form(region="", kind="base_floor_share_of_average_wage", amount="60")
    response = editor_client.post("/admin/local/figure/add/", share)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Figure.objects.get().region_id is None
    page = editor_client.get("/admin/local/figure/").content.decode()
    assert "National: lowest base, as a share of the average wage" in page


def test_a_submitted_figure_waits_in_the_review_queue_with_its_region(
    shenzhen_staff, editor, figures
):
    item = figures["shenzhen"]
    item.status, item.is_live = Status.DRAFT, False
    item.save()
    submitted(item, by=shenzhen_staff)
    queue = client_for(editor).get("/admin/review/").content.decode()
    assert "Shenzhen: lowest contribution base" in queue


def test_a_national_figure_is_reviewed_and_published_by_another_editor(editor, regions):
    from editorial.roles import EDITORS
    from tests.factories import make_staff

    author = client_for(editor)
    share = form(region="", kind="base_ceiling_share_of_average_wage", amount="300")
    assert author.post("/admin/local/figure/add/", {**share, "_submit": "1"}).status_code == 302
    item = Figure.objects.get()
    reviewer = client_for(make_staff("editor2", group=EDITORS))
    queue = reviewer.get("/admin/review/").content.decode()
    assert "National: highest base, as a share of the average wage" in queue
    assert reviewer.get(f"/admin/review/figure/{item.pk}/").status_code == 200
    assert review(reviewer, item, "approve").status_code == 302
    item.refresh_from_db()
    assert item.is_live
    versions = reviewer.get(f"/admin/local/figure/{item.pk}/versions/")
    assert versions.status_code == 200
