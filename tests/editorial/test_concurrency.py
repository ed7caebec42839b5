"""Two people editing the same thing: the second save is refused and nothing is lost."""

import html

from local.models import Office, Status
from tests.factories import bulk_publish, client_for, office, submitted
from tests.formdata import form_data


def open_form(client, url: str, form_id: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response.content.decode(), form_id)


def test_the_second_save_of_an_office_is_refused_and_its_input_kept(editor, second_editor):
    item = office("440300", "Futian hall")
    url = f"/admin/local/office/{item.pk}/change/"
    first, second = client_for(editor), client_for(second_editor)
    mine = open_form(first, url, "office_form")
    theirs = open_form(second, url, "office_form")

    assert first.post(url, mine | {"name_en": ["Futian service hall"]}).status_code == 302
    refused = second.post(url, theirs | {"address_en": ["9 New Road"]})
    assert refused.status_code == 200
    page = html.unescape(refused.content.decode())
    assert "editor1 (at " in page
    assert "saved this office or designated bank after you opened it" in page
    assert "The saved version differs from yours in: Name (English), Address (English)." in page
    assert 'value="9 New Road"' in page  # their input is still on the form
    item.refresh_from_db()
    assert (item.name, item.address) == ("Futian service hall", "1 Example Road")

    # Having merged, they save again from the form they were shown: it goes through.
    merged = form_data(refused.content.decode(), "office_form") | {
        "name_en": ["Futian service hall"]
    }
    assert second.post(url, merged).status_code == 302
    item.refresh_from_db()
    assert (item.name, item.address) == ("Futian service hall", "9 New Road")


def test_a_publish_in_between_also_counts_as_a_change(editor, second_editor, shenzhen_staff):
    item = submitted(office("440300", "Hall", status=Status.DRAFT), by=shenzhen_staff)
    url = f"/admin/local/office/{item.pk}/change/"
    form = open_form(client_for(editor), url, "office_form")
    bulk_publish(client_for(second_editor), [item])
    response = client_for(editor).post(url, form | {"phone": ["123"]})
    assert response.status_code == 200
    assert "Status" in html.unescape(response.content.decode())
    item.refresh_from_db()
    assert (item.status, item.phone) == (Status.PUBLISHED, "")


def test_a_form_without_its_version_is_refused(editor):
    item = office("440300", "Hall")
    url = f"/admin/local/office/{item.pk}/change/"
    form = open_form(client_for(editor), url, "office_form")
    del form["edit_revision"]
    response = client_for(editor).post(url, form | {"name_en": ["Renamed"]})
    assert response.status_code == 200
    assert Office.objects.get(pk=item.pk).name == "Hall"


def test_two_editors_of_one_guide(editor, second_editor, seed_guide):
    draft = seed_guide  # the guide itself is what editors change
    url = f"/admin/guides/guide/{draft.pk}/change/"
    first, second = client_for(editor), client_for(second_editor)
    mine = open_form(first, url, "guide_form")
    theirs = open_form(second, url, "guide_form")
    assert first.post(url, mine | {"steps-0-title_en": ["Know the policy"]}).status_code == 302
    refused = second.post(url, theirs | {"short_answer_en": ["Pay at the bank."]})
    assert refused.status_code == 200
    assert "after you opened it, so your changes were not saved" in html.unescape(
        refused.content.decode()
    )
    draft.refresh_from_db()
    assert draft.steps.get(position=1).title == "Know the policy"
    assert draft.short_answer.startswith("Under normal circumstances")


def test_an_item_deleted_meanwhile_is_reported(editor, second_editor):
    item = office("440300", "Hall")
    url = f"/admin/local/office/{item.pk}/change/"
    form = open_form(client_for(editor), url, "office_form")
    Office.objects.filter(pk=item.pk).delete()
    response = client_for(editor).post(url, form)
    assert response.status_code == 404  # nothing to save into; the form is in their browser
