"""Editors manage local variations in the admin; regions themselves are read-only."""

from django.core.management import call_command

from editorial.roles import REGIONAL_STAFF
from local.models import Office, Status, StepChange
from regions.models import Region
from tests.factories import SHENZHEN, bulk_publish, make_staff, step_change, steps_of, submitted

PROVENANCE = {"source_en": "Notice 2026/1", "last_verified": "2026-11-02", "verified_by_en": "Team"}


def test_an_editor_adds_an_office_for_a_city(editor_client, regions):
    response = editor_client.post(
        "/admin/local/office/add/",
        {
            "region": SHENZHEN,
            "kind": "bank",
            "name_en": "Example Bank, Futian branch",
            "address_en": "3 Sample Street",
            "opening_hours_en": "Weekdays 9:00 to 17:00",
            "phone": "",
            "url": "",
            **PROVENANCE,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    office = Office.objects.get()
    assert (office.region_id, office.kind, office.is_live) == (SHENZHEN, "bank", False)
    # Not on the site until another editor approves it: its author never does.
    bulk_publish(editor_client, [office])
    office.refresh_from_db()
    assert (office.is_live, office.status) == (False, "draft")
    page = editor_client.get("/admin/local/office/").content.decode()
    assert "Not published: Shenzhen: " in page and "is not waiting for review (draft)" in page


def test_a_second_replacement_of_a_step_is_refused_in_words(editor_client, guide):
    step = steps_of(guide)["policy"]
    step_change(SHENZHEN, step, "replace", "First.")
    response = editor_client.post(
        "/admin/local/stepchange/add/",
        {
            "region": SHENZHEN,
            "step": step.pk,
            "action": "replace",
            "text_en": "Second.",
            "status": "draft",
            **PROVENANCE,
        },
    )
    assert response.status_code == 200
    assert "This region already has one of these for this step" in response.content.decode()
    assert StepChange.objects.count() == 1


def test_a_material_change_that_contradicts_itself_is_explained(editor_client, guide):
    step = steps_of(guide)["materials"]
    response = editor_client.post(
        "/admin/local/materialchange/add/",
        {"region": SHENZHEN, "step": step.pk, "action": "different", "status": "draft",
         "material": step.materials.get().pk, "notes_en": "", **PROVENANCE},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Say what is different here." in response.content.decode()


def test_step_choices_name_their_guide(editor_client, guide):
    html = editor_client.get("/admin/local/materialchange/add/").content.decode()
    assert "A guide of 5 steps — step 2, Step 2</option>" in html
    assert "step 3, Step 3</option>" not in html  # only 'Prepare materials' steps


def test_regions_can_be_looked_at_but_not_added_changed_or_deleted(editor_client, regions):
    assert editor_client.get("/admin/regions/region/?q=深圳").status_code == 200
    assert editor_client.get("/admin/regions/region/add/").status_code == 403
    response = editor_client.post(
        "/admin/regions/region/440300/change/", {"name_en": "Renamed", "name_zh": "x"}
    )
    assert response.status_code == 403
    assert (
        editor_client.post("/admin/regions/region/440300/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Region.objects.get(code=SHENZHEN).name_en == "Shenzhen"


def test_demonstration_content_is_labelled_in_the_admin(
    editor_client, social_insurance_law, regions
):
    call_command("seed", verbosity=0)
    listing = editor_client.get("/admin/local/hotline/").content.decode()
    assert "demonstration" in listing.lower()
    assert listing.count('alt="True"') == 2
    hotline = Office.objects.filter(is_demo=True).first()
    page = editor_client.get(f"/admin/local/office/{hotline.pk}/change/").content.decode()
    assert "This is demonstration content shipped with the portal." in page


def test_publish_and_withdraw_actions(editor_client, guide):
    change = step_change(SHENZHEN, steps_of(guide)["policy"], "note", "Note.", status="draft")
    staff = make_staff("shenzhen", group=REGIONAL_STAFF, regions=(SHENZHEN,))
    submitted(change, by=staff)
    assert bulk_publish(editor_client, [change], "stepchange").status_code == 302
    change.refresh_from_db()
    assert (change.status, change.is_live) == (Status.PUBLISHED, True)
    response = editor_client.post(
        "/admin/local/stepchange/", {"action": "withdraw", "_selected_action": [change.pk]}
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert (change.status, change.is_live) == (Status.DRAFT, False)
