"""Editors maintain a guide on one screen, with a live preview by the site's renderer."""

import pytest
from django.test import Client

from guides.publishing import start_draft
from tests.formdata import form_data

PREVIEW = "/admin/markdownx/markdownify/"


def test_guide_with_steps_items_and_citations_on_one_screen(editor_client, seed_guide):
    response = editor_client.get(f"/admin/guides/guide/{seed_guide.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="personal ID card"' in html
    assert 'value="Self-service payment machine"' in html
    assert "markdownx" in html  # the live-preview editor
    assert html.count('name="steps-') > 20


def test_preview_uses_the_sites_sanitising_renderer(editor_client):
    response = editor_client.post(PREVIEW, {"content": "**bold** <script>alert(1)</script>"})
    assert response.status_code == 200
    assert response.content.decode().strip() == "<p><strong>bold</strong> </p>"
    assert editor_client.post(PREVIEW, {}).status_code == 200


def test_preview_is_for_staff_only_and_posts_only(editor_client):
    anonymous = Client().post(PREVIEW, {"content": "x"})
    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]
    assert editor_client.get(PREVIEW).status_code == 405


def test_image_upload_is_not_routed(editor_client):
    assert editor_client.post("/markdownx/upload/").status_code == 404
    assert editor_client.post("/admin/markdownx/upload/").status_code == 404


def guide_form(client, guide) -> tuple[str, dict]:
    """The change form of the guide's draft (a published guide changes only in a draft)."""
    draft = start_draft(guide=guide)
    url = f"/admin/guides/guide/{draft.pk}/change/"
    return url, form_data(client.get(url).content.decode(), "guide_form")


def positions_and_titles(guide) -> list[tuple[int, str]]:
    draft = guide.drafts.get()
    return list(draft.steps.values_list("position", "title"))


def test_steps_are_saved_in_the_order_arranged_numbered_from_one(editor_client, seed_guide):
    url, data = guide_form(editor_client, seed_guide)
    # The editor's script numbers rows from 0; swapping two steps must not trip
    # the unique position per guide on the way.
    data |= {f"steps-{i}-position": [str(i)] for i in range(5)}
    data |= {"steps-0-position": ["2"], "steps-2-position": ["0"]}
    assert editor_client.post(url, data).status_code == 302
    assert positions_and_titles(seed_guide) == [
        (1, "Choose the payment method"),
        (2, "Prepare relevant materials"),
        (3, "Understand the social security payment policy"),
        (4, "Go through the payment procedures"),
        (5, "Inquiring about payment records"),
    ]


@pytest.mark.parametrize("position", ["on", "", "-1", "1e3"])
def test_a_malformed_position_is_an_error_on_the_form_not_a_crash(
    editor_client, seed_guide, position
):
    url, data = guide_form(editor_client, seed_guide)
    before = positions_and_titles(seed_guide)
    response = editor_client.post(url, data | {"steps-0-position": [position]})
    assert response.status_code == 200
    assert "Please correct the error below." in response.content.decode()
    assert positions_and_titles(seed_guide) == before
