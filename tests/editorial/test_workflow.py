"""The review workflow of local items, as staff meet it: typed content that reads back,
approval only of what was submitted and shown, never by its authors."""

import datetime
import html
import importlib
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from editorial.models import PublishedVersion
from editorial.roles import REGIONAL_STAFF
from guides import tree
from guides.models import PaymentMethod
from local.models import (
    LOCAL_MODELS,
    Figure,
    Hotline,
    MaterialChange,
    MethodChange,
    Office,
    Service,
    Status,
    StepChange,
    as_json,
)
from tests.factories import (
    bulk_publish,
    client_for,
    hotline,
    make_staff,
    material_change,
    method_change,
    office,
    provenance,
    review,
    steps_of,
    submitted,
)
from tests.formdata import form_data

SHENZHEN = "440300"
ADMIN = "/admin/local/"


def text(response) -> str:
    return html.unescape(response.content.decode())


def change_url(item) -> str:
    return f"{ADMIN}{item._meta.model_name}/{item.pk}/change/"


def propose(client, item, **changes):
    """Open the item's form, change some fields and submit it for review, as staff do (a
    text in English: its English column)."""
    data = form_data(client.get(change_url(item)).content.decode(), f"{item._meta.model_name}_form")
    both = tree.translated(type(item))
    changes = {(f"{k}_en" if k in both else k): [v] for k, v in changes.items()}
    return client.post(change_url(item), data | changes | {"_submit": ["1"]})


@pytest.fixture
def colleague(regions):
    """A second member of the Shenzhen team."""
    return make_staff("shenzhen2", group=REGIONAL_STAFF, regions=(SHENZHEN,))


def every_kind(guide) -> list:
    """One item of each kind, every content field filled in, nullable ones left empty."""
    steps = steps_of(guide)
    return [
        StepChange.objects.create(
            region_id=SHENZHEN, step=steps["policy"], action="note", text="A *note*.",
            **provenance(is_demo=True),
        ),
        MaterialChange.objects.create(
            region_id=SHENZHEN, step=steps["materials"], action="add", material=None,
            name="Residence permit", original=True, photocopy=False, condition="If not local",
            notes="Ask at the counter.", **provenance(),
        ),
        MethodChange.objects.create(
            region_id=SHENZHEN, step=steps["methods"], action="add", method=None,
            kind=PaymentMethod.Kind.MOBILE, name="City app", description="Pay in the app.",
            where="The app", you_need="An account", notes="", **provenance(),
        ),
        Office.objects.create(
            region_id=SHENZHEN, kind="bank", name="Bank", address="1 Road",
            opening_hours="9 to 5", phone="", url="https://bank.example.cn/", **provenance(),
        ),
        Hotline.objects.create(
            region_id=SHENZHEN, name="Hotline", number="0755-0000", hours="", **provenance()
        ),
        Service.objects.create(
            region_id=None, kind="etax", name="the e-tax service", url="https://etax.example.cn/",
            number="", notes="Pay online.", **provenance(),
        ),
        Figure.objects.create(
            region_id=SHENZHEN, scheme="flexible", insurance="pension", kind="rate",
            amount=Decimal("20.50"), text="", in_force_from=datetime.date(2025, 7, 1),
            in_force_until=None, source_url="https://hrss.example.gov.cn/2025",
            reliability="official notice", **provenance(),
        ),
    ]  # fmt: skip


def test_every_field_of_every_local_model_reads_back_from_its_stored_content(guide):
    items = every_kind(guide)
    assert {type(item) for item in items} == set(LOCAL_MODELS)
    for item in items:
        fields = item.content_fields()
        # Kept as a proposal and as a published version, both through the database.
        type(item).objects.filter(pk=item.pk).update(pending=item.content())
        version = PublishedVersion.objects.create(
            item=item, content=item.content(), published_at=datetime.datetime.now(datetime.UTC)
        )
        stored = type(item).objects.get(pk=item.pk)
        for content in (stored.pending, PublishedVersion.objects.get(pk=version.pk).content):
            again = stored.with_content(content)
            for field in fields:
                assert getattr(again, field.attname) == getattr(item, field.attname), (
                    type(item).__name__,
                    field.name,
                )
        nullable = [field.attname for field in fields if field.null]
        assert all(stored.pending[name] is None for name in nullable if getattr(item, name) is None)


@pytest.mark.parametrize("kind", ["method", "material"])
def test_a_proposal_to_a_live_added_item_leaves_every_screen_working(
    kind, shenzhen_staff, editor, second_editor, guide, client
):
    steps = steps_of(guide)
    if kind == "method":
        item = method_change(
            SHENZHEN, steps["methods"], "add", kind="mobile", name="City app", description="App."
        )
    else:
        item = material_change(SHENZHEN, steps["materials"], "add", name="Residence permit")
    assert propose(client_for(shenzhen_staff), item, notes="Also on Sundays.").status_code == 302
    item.refresh_from_db()
    assert item.pending["notes_en"] == "Also on Sundays."
    assert item.pending[f"{kind}_id"] is None

    name = item._meta.model_name
    reviewer = client_for(editor)
    for url in (
        change_url(item),
        f"{ADMIN}{name}/{item.pk}/delete/",
        f"{ADMIN}{name}/{item.pk}/versions/",
        f"/admin/review/{name}/{item.pk}/",
        f"{ADMIN}{name}/",
    ):
        assert reviewer.get(url).status_code in (200, 403), url  # a live item is not deleted
    assert reviewer.get(f"{ADMIN}{name}/{item.pk}/delete/").status_code == 403
    assert review(reviewer, item, "approve").status_code == 302
    item.refresh_from_db()
    assert (item.notes, item.pending, item.is_live) == ("Also on Sundays.", None, True)
    assert reviewer.get(f"{ADMIN}{name}/{item.pk}/versions/").status_code == 200

    # The same through the bulk approval.
    propose(client_for(shenzhen_staff), item, notes="And on holidays.")
    bulk_publish(client_for(second_editor), [item], name)
    item.refresh_from_db()
    assert (item.notes, item.pending) == ("And on holidays.", None)


def test_stored_none_strings_are_repaired_by_the_migration(shenzhen_staff, editor, guide):
    item = method_change(
        SHENZHEN, steps_of(guide)["methods"], "add", kind="mobile", name="App", description="A."
    )
    # Each text once, as it was kept before items had two languages.
    then_fields = [f for f in item._meta.concrete_fields if f.name in (
        "step", "action", "method", "kind", "name", "description", "where", "you_need", "notes",
        "source", "last_verified", "verified_by", "is_demo", "region")]  # fmt: skip
    as_strings = {field.attname: field.value_to_string(item) for field in then_fields}
    assert as_strings["method_id"] == "None"  # what earlier releases stored
    MethodChange.objects.filter(pk=item.pk).update(
        pending=as_strings | {"notes": "None"}, status=Status.IN_REVIEW, submitted_by=shenzhen_staff
    )
    # Kept, then, under the regions app's content type (local.migrations.0002 moves it on).
    then, _ = ContentType.objects.get_or_create(app_label="regions", model="methodchange")
    kept = PublishedVersion.objects.create(
        content_type=then, object_id=item.pk, content=as_strings, published_at=item.updated_at
    )

    migration = importlib.import_module("regions.migrations.0004_typed_local_content")
    # The models as they were then, in the regions app, over the same tables.
    state = MigrationLoader(connection).project_state(("regions", "0004_typed_local_content"))
    migration.forwards(state.apps, None)

    item.refresh_from_db()
    assert item.pending["method_id"] is None and item.pending["is_demo"] is False
    assert item.pending["step_id"] == item.step_id and item.pending["notes"] == "None"  # text
    kept.refresh_from_db()
    assert kept.content == {f.attname: as_json(f.value_from_object(item)) for f in then_fields}
    assert client_for(editor).get(change_url(item)).status_code == 200
    assert review(client_for(editor), item, "approve").status_code == 302


# --- Approve and return: only what waits, only what was shown, never by an author -------


def test_an_item_never_submitted_cannot_be_approved(shenzhen_staff, editor, regions, client):
    draft = office(SHENZHEN, "WIP hall, do not publish", status=Status.DRAFT)
    page = text(client_for(editor).get(f"/admin/review/office/{draft.pk}/"))
    assert "This item is not waiting for review (draft)." in page
    assert 'id="review-form"' not in page
    forged = client_for(editor).post(
        f"/admin/review/office/{draft.pk}/", {"decision": "approve", "revision": draft.revision}
    )
    assert forged.status_code == 400
    draft.refresh_from_db()
    assert (draft.is_live, draft.status, draft.reviewed_by) == (False, Status.DRAFT, None)


def test_a_returned_item_cannot_be_approved_until_it_is_submitted_again(
    shenzhen_staff, editor, second_editor, regions
):
    item = submitted(office(SHENZHEN, "Hall", status=Status.DRAFT), by=shenzhen_staff)
    assert review(client_for(editor), item, "return", "Give the phone number.").status_code == 302
    item.refresh_from_db()
    refused = client_for(second_editor).post(
        f"/admin/review/office/{item.pk}/", {"decision": "approve", "revision": item.revision}
    )
    assert refused.status_code == 400
    assert "not waiting for review (returned for changes)" in text(refused)
    assert not Office.objects.get(pk=item.pk).is_live


def test_an_editor_who_wrote_part_of_a_change_does_not_approve_it(
    shenzhen_staff, editor, second_editor, regions
):
    item = office(SHENZHEN, "Hall", status=Status.DRAFT)
    mine = client_for(editor)
    data = form_data(mine.get(change_url(item)).content.decode(), "office_form")
    mine.post(change_url(item), data | {"phone": ["0755-1234"]})  # the editor's own words
    propose(client_for(shenzhen_staff), item, opening_hours="8:30 to 17:30")
    item.refresh_from_db()
    assert item.submitted_by == shenzhen_staff

    page = text(mine.get(f"/admin/review/office/{item.pk}/"))
    assert "You wrote part of this change, so another editor must review it." in page
    refused = mine.post(
        f"/admin/review/office/{item.pk}/", {"decision": "approve", "revision": item.revision}
    )
    assert refused.status_code == 400 and not Office.objects.get(pk=item.pk).is_live
    bulk_publish(mine, [item])
    assert not Office.objects.get(pk=item.pk).is_live

    assert review(client_for(second_editor), item, "approve").status_code == 302
    item.refresh_from_db()
    assert (item.is_live, item.phone, item.opening_hours) == (True, "0755-1234", "8:30 to 17:30")


def test_an_approval_is_of_the_version_the_editor_was_shown(
    shenzhen_staff, colleague, editor, regions, client
):
    item = office(SHENZHEN, "Hall")  # live
    propose(client_for(shenzhen_staff), item, address="9 New Road")
    url = f"/admin/review/office/{item.pk}/"
    reviewer = client_for(editor)
    shown = form_data(reviewer.get(url).content.decode(), "review-form")
    # Meanwhile a colleague submits different words over the submitted ones.
    propose(client_for(colleague), item, address="13 Other Road")

    refused = reviewer.post(url, shown | {"decision": "approve"})
    assert refused.status_code == 400
    assert "This item changed after you opened it, so nothing was done." in text(refused)
    item.refresh_from_db()
    assert (item.address, item.is_live) == ("1 Example Road", True)  # the site is unchanged
    assert "<ins>13</ins> <del>Example</del><ins>Other</ins> Road" in text(refused)  # what waits

    assert review(reviewer, item, "approve").status_code == 302
    item.refresh_from_db()
    assert item.address == "13 Other Road"
    version = PublishedVersion.objects.filter(content__address_en="13 Other Road").get()
    assert (version.published_by, version.proposed_by) == (editor, colleague)


def test_saving_over_a_submitted_change_takes_it_back_out_of_review(
    shenzhen_staff, colleague, editor, regions
):
    item = submitted(office(SHENZHEN, "Hall", status=Status.DRAFT), by=shenzhen_staff)
    theirs = client_for(colleague)
    data = form_data(theirs.get(change_url(item)).content.decode(), "office_form")
    response = theirs.post(change_url(item), data | {"phone": ["half-typed"]}, follow=True)
    assert "saving it took it back out of review" in text(response)
    item.refresh_from_db()
    assert (item.status, item.submitted_by, item.phone) == (Status.DRAFT, None, "half-typed")
    assert set(item.authors) == {shenzhen_staff.pk, colleague.pk}
    assert "Hall" not in text(client_for(editor).get("/admin/review/"))
    refused = client_for(editor).post(
        f"/admin/review/office/{item.pk}/", {"decision": "approve", "revision": item.revision}
    )
    assert refused.status_code == 400 and not Office.objects.get(pk=item.pk).is_live


def test_the_bulk_approval_lists_what_goes_live_and_publishes_only_that(
    shenzhen_staff, editor, regions, client
):
    ready = submitted(office(SHENZHEN, "Futian hall", status=Status.DRAFT), by=shenzhen_staff)
    wip = hotline(SHENZHEN, "0755-9999", status=Status.DRAFT)  # never submitted
    wip.name = "WIP hotline, do not publish"
    wip.save()
    live = office(SHENZHEN, "Nanshan hall")
    staff = client_for(shenzhen_staff)
    data = form_data(staff.get(change_url(live)).content.decode(), "office_form")
    staff.post(change_url(live), data | {"opening_hours_en": ["Mon to Fr"]})  # half-typed, saved

    reviewer = client_for(editor)
    page = reviewer.post(
        f"{ADMIN}office/", {"action": "publish", "_selected_action": [ready.pk, live.pk]}
    )
    shown = text(page)
    assert "1 of the 2 selected items can be approved." in shown
    assert "Shenzhen: Futian hall: goes live" in shown
    assert "Shenzhen: Nanshan hall: not published" in shown
    assert "This item is not waiting for review (draft)." in shown
    assert Office.objects.get(pk=ready.pk).is_live is False  # nothing until confirmed

    reviewer.post(f"{ADMIN}office/", form_data(page.content.decode(), "confirm-publish"))
    bulk_publish(reviewer, [wip], "hotline")
    assert Office.objects.get(pk=ready.pk).is_live
    assert Office.objects.get(pk=live.pk).opening_hours == "Weekdays 9:00 to 17:00"
    assert not Hotline.objects.get(pk=wip.pk).is_live
    city = client.get(f"/regions/440000/{SHENZHEN}/").content.decode()
    assert "Futian hall" in city and "WIP" not in city and "Mon to Fr" not in city


def test_a_confirmation_made_stale_by_a_change_publishes_nothing(shenzhen_staff, editor, regions):
    item = submitted(office(SHENZHEN, "Hall", status=Status.DRAFT), by=shenzhen_staff)
    reviewer = client_for(editor)
    page = reviewer.post(f"{ADMIN}office/", {"action": "publish", "_selected_action": [item.pk]})
    propose(client_for(shenzhen_staff), item, name="Renamed hall")
    response = reviewer.post(
        f"{ADMIN}office/", form_data(page.content.decode(), "confirm-publish"), follow=True
    )
    assert "This item changed after you opened it" in text(response)
    assert not Office.objects.get(pk=item.pk).is_live


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "2999-01-01"])
def test_last_verified_is_a_real_day(shenzhen_staff, regions, day):
    item = office(SHENZHEN, "Hall", status=Status.DRAFT)
    staff = client_for(shenzhen_staff)
    data = form_data(staff.get(change_url(item)).content.decode(), "office_form")
    response = staff.post(change_url(item), data | {"last_verified": [day]})
    assert response.status_code == 200
    assert "There was a problem" in text(response) or "errornote" in text(response)
    assert Office.objects.get(pk=item.pk).last_verified == datetime.date(2026, 11, 2)


def test_the_versions_page_of_an_item_never_published_says_so(shenzhen_staff, regions):
    item = office(SHENZHEN, "Hall", status=Status.DRAFT)
    response = client_for(shenzhen_staff).get(f"{ADMIN}office/{item.pk}/versions/")
    assert response.status_code == 200
