"""Regional staff submit; an editor who is not the submitter approves or returns it."""

import html

from editorial.models import PublishedVersion
from editorial.roles import REGIONAL_STAFF
from local.models import Office, Status, StepChange
from tests.factories import (
    bulk_publish,
    client_for,
    make_staff,
    office,
    review,
    step_change,
    steps_of,
)
from tests.formdata import form_data

CITY_PAGE = "/guides/test-guide/440000/440300/"
QUEUE = "/admin/review/"


def office_form(code: str, name: str) -> dict:
    return {"region": code, "kind": "office", "name_en": name, "address_en": "1 Road",
            "opening_hours_en": "9:00 to 17:00", "phone": "", "url": "", "source_en": "Notice",
            "last_verified": "2026-11-02", "verified_by_en": "Shenzhen team"}  # fmt: skip


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_a_submitted_office_reaches_the_city_page_only_once_approved(
    shenzhen_staff, editor, guide, client
):
    staff = client_for(shenzhen_staff)
    response = staff.post(
        "/admin/local/office/add/", office_form("440300", "Futian hall") | {"_submit": "1"}
    )
    assert response.status_code == 302
    item = Office.objects.get()
    assert (item.status, item.is_live, item.submitted_by) == (
        Status.IN_REVIEW, False, shenzhen_staff,
    )  # fmt: skip
    assert "Futian hall" not in client.get(CITY_PAGE).content.decode()

    reviewer = client_for(editor)
    assert "1 submission waiting for review" in reviewer.get("/admin/").content.decode()
    queue = text(reviewer.get(QUEUE))
    assert "Shenzhen: Futian hall" in queue and "New" in queue
    page = text(reviewer.get(f"/admin/review/office/{item.pk}/"))
    assert "This item is new; approving puts it on the site." in page
    assert "Futian hall" in page

    response = review(reviewer, item, "approve")
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.is_live, item.reviewed_by) == (Status.PUBLISHED, True, editor)
    assert "Futian hall" in client.get(CITY_PAGE).content.decode()


def test_a_change_to_a_live_item_waits_while_the_site_keeps_the_approved_version(
    shenzhen_staff, editor, guide, client
):
    item = office("440300", "Futian hall")
    url = f"/admin/local/office/{item.pk}/change/"
    staff = client_for(shenzhen_staff)
    data = form_data(staff.get(url).content.decode(), "office_form")
    response = staff.post(url, data | {"address_en": ["9 New Road"], "_submit": ["1"]})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.address == "1 Example Road"  # the site is unchanged…
    assert item.pending["address_en"] == "9 New Road"  # …the change waits
    assert "1 Example Road" in client.get(CITY_PAGE).content.decode()
    # Reopening the form shows the proposal, not the approved version.
    assert 'value="9 New Road"' in staff.get(url).content.decode()

    page = text(client_for(editor).get(f"/admin/review/office/{item.pk}/"))
    assert "This item is on the site; below is what approving would change." in page
    assert "<del>1</del><ins>9</ins> <del>Example</del><ins>New</ins> Road" in page
    review(client_for(editor), item, "approve")
    item.refresh_from_db()
    assert (item.address, item.pending) == ("9 New Road", None)
    assert "9 New Road" in client.get(CITY_PAGE).content.decode()


def test_returning_needs_a_comment_which_the_submitter_then_sees(shenzhen_staff, editor, guide):
    staff = client_for(shenzhen_staff)
    staff.post("/admin/local/office/add/", office_form("440300", "Hall") | {"_submit": "1"})
    item = Office.objects.get()
    reviewer = client_for(editor)
    refused = review(reviewer, item, "return", "  ")
    assert refused.status_code == 400
    assert "Say what needs to change" in text(refused)
    review(reviewer, item, "return", "Add the phone number.")
    item.refresh_from_db()
    assert (item.status, item.is_live) == (Status.RETURNED, False)
    form = text(staff.get(f"/admin/local/office/{item.pk}/change/"))
    assert f"Returned by {editor}: Add the phone number." in form


def test_the_reviewer_is_never_the_submitter(editor, second_editor, regions):
    item = office("440300", "Hall", status=Status.DRAFT)
    me = client_for(editor)
    url = f"/admin/local/office/{item.pk}/change/"
    data = form_data(me.get(url).content.decode(), "office_form")
    me.post(url, data | {"_submit": ["1"]})
    item.refresh_from_db()
    assert item.submitted_by == editor

    page = text(me.get(f"/admin/review/office/{item.pk}/"))
    assert "You submitted this change, so another editor must review it." in page
    refused = me.post(f"/admin/review/office/{item.pk}/", {"decision": "approve"})
    assert refused.status_code == 400
    bulk_publish(me, [item])
    item.refresh_from_db()
    assert not item.is_live

    review(client_for(second_editor), item, "approve")
    item.refresh_from_db()
    assert item.is_live


def test_regional_staff_cannot_review_or_take_down_live_content(shenzhen_staff, regions):
    live = office("440300", "Hall")
    draft = office("440300", "Draft hall", status=Status.DRAFT)
    staff = client_for(shenzhen_staff)
    assert staff.get(QUEUE).status_code == 403
    assert (
        staff.post(f"/admin/review/office/{live.pk}/", {"decision": "approve"}).status_code == 403
    )
    assert staff.post(f"/admin/local/office/{live.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Office.objects.filter(pk=live.pk, is_live=True).exists()
    assert staff.post(f"/admin/local/office/{draft.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Office.objects.filter(pk=draft.pk).exists()


def test_a_proposal_that_would_contradict_a_live_item_is_refused_in_words(
    editor, guide, shenzhen_staff
):
    step = steps_of(guide)["policy"]
    step_change(SHENZHEN := "440300", step, "replace", "Live text.")
    note = step_change(SHENZHEN, step, "note", "A note.")
    note.pending = note.content() | {"action": "replace"}
    note.status = Status.IN_REVIEW
    note.submitted_by = shenzhen_staff
    note.save()
    response = review(client_for(editor), note, "approve")
    assert response.status_code == 400
    assert "already has one of these for this step" in text(response)
    assert StepChange.objects.get(pk=note.pk).action == "note"


def test_unknown_review_addresses_are_404(editor, regions):
    reviewer = client_for(editor)
    assert reviewer.get("/admin/review/region/440300/").status_code == 404
    assert reviewer.get("/admin/review/office/999999/").status_code == 404


def test_approving_or_saving_a_live_item_keeps_the_words_it_replaces(shenzhen_staff, editor, guide):
    item = office("440300", "Futian hall")  # imported live, before versions were kept
    url = f"/admin/local/office/{item.pk}/change/"
    versions = f"/admin/local/office/{item.pk}/versions/"
    staff = client_for(shenzhen_staff)
    data = form_data(staff.get(url).content.decode(), "office_form")
    staff.post(url, data | {"address_en": ["9 New Road"], "_submit": ["1"]})
    reviewer = client_for(editor)
    review(reviewer, item, "approve")
    # An editor's own save of the live item replaces its words too.
    data = form_data(reviewer.get(url).content.decode(), "office_form")
    reviewer.post(url, data | {"opening_hours_en": ["8:30 to 17:30"]})
    reviewer.post(url, form_data(reviewer.get(url).content.decode(), "office_form"))  # no change

    assert f'href="{versions}"' in text(reviewer.get(url))
    page = text(reviewer.get(versions)).split('id="content-main"')[1]
    newest, approved, imported = page.split("<caption>")[1:4]
    assert "On the site now: published" in newest and "by editor1" in newest
    assert "Opening hours (English)</th>" in newest and "<td>Weekdays 9:00 to 17:00</td>" in newest
    assert "by editor1, proposed by shenzhen" in approved
    assert "<del>1</del><ins>9</ins> <del>Example</del><ins>New</ins> Road" in approved
    assert "(imported)" in imported and "1 Example Road" in imported
    assert page.count("<caption>") == 4 - 1  # the save that changed nothing added none

    # Staff see their own region's history; others' is not there for them.
    assert client_for(shenzhen_staff).get(versions).status_code == 200
    other = make_staff("beijing", group=REGIONAL_STAFF, regions=("110000",))
    assert client_for(other).get(versions).status_code == 404


def test_an_item_imported_live_shows_its_words_as_its_first_version(editor, guide):
    item = office("440300", "Futian hall")
    page = text(client_for(editor).get(f"/admin/local/office/{item.pk}/versions/"))
    assert "On the site now: published" in page and "(imported)" in page
    assert "1 Example Road" in page


def test_the_words_of_an_earlier_version_are_taken_up_again_as_a_draft(
    shenzhen_staff, editor, guide, client
):
    item = office("440300", "Futian hall")
    url = f"/admin/local/office/{item.pk}/change/"
    reviewer = client_for(editor)
    data = form_data(reviewer.get(url).content.decode(), "office_form")
    reviewer.post(url, data | {"address_en": ["9 New Road"]})  # the old words are kept first
    first = PublishedVersion.objects.get(content__address_en="1 Example Road")
    restore = f"/admin/local/office/{item.pk}/versions/{first.pk}/restore/"
    assert "Use these words again" in text(reviewer.get(f"/admin/local/office/{item.pk}/versions/"))

    staff = client_for(shenzhen_staff)
    assert staff.get(restore).status_code == 405
    response = staff.post(restore)
    assert response.url == url
    item.refresh_from_db()
    assert item.address == "9 New Road" and item.pending["address_en"] == "1 Example Road"
    assert "9 New Road" in client.get(CITY_PAGE).content.decode()  # the site is unchanged
    assert 'value="1 Example Road"' in staff.get(url).content.decode()  # the form has them
    data = form_data(staff.get(url).content.decode(), "office_form")
    staff.post(url, data | {"_submit": ["1"]})
    review(reviewer, item, "approve")
    item.refresh_from_db()
    assert (item.address, item.pending) == ("1 Example Road", None)

    other = client_for(make_staff("beijing", group=REGIONAL_STAFF, regions=("110000",)))
    assert other.post(restore).status_code == 404
