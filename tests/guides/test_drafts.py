"""No draft edit is lost: every save of a guide is kept with its author and time, any one
can be restored, and a second editor's refused save names what the first one changed."""

import html
import re

from guides.models import SavedDraft
from tests.editorial.test_concurrency import open_form
from tests.factories import client_for
from tests.formdata import form_data

FIRST_STEP = "steps-0-title_en"


def text(response) -> str:
    return html.unescape(response.content.decode())


def url(guide, page: str = "change") -> str:
    return f"/admin/guides/guide/{guide.pk}/{page}/"


def row_of(page: str, part: str) -> str:
    """The row of a table of differences for one part of the guide."""
    return re.search(rf'<th scope="row">{re.escape(part)}</th>(.*?)</tr>', page, re.S).group(1)


def save(client, guide, **changes):
    data = open_form(client, url(guide), "guide_form")
    response = client.post(url(guide), data | {k: [v] for k, v in changes.items()})
    assert response.status_code == 302, text(response)[-2000:]


def test_every_save_is_kept_with_its_author_and_time_and_any_can_be_restored(editor, seed_guide):
    as_editor = client_for(editor)
    save(as_editor, seed_guide, **{FIRST_STEP: "First try"})
    save(as_editor, seed_guide, **{FIRST_STEP: "Second try"})
    page = text(as_editor.get(url(seed_guide, "drafts")))
    assert page.count("<td>editor1</td>") == 2
    assert "As it was before drafts were kept" in page  # the seed's words, kept too
    first_try = seed_guide.saved_drafts.filter(data__steps__0__title_en="First try").get()
    compared = text(as_editor.get(url(seed_guide, "drafts") + f"?compare={first_try.pk}"))
    row = row_of(compared, "Step 1: title (English)")
    assert "<td>First try</td><td>Second try</td>" in row

    response = as_editor.post(url(seed_guide, f"drafts/{first_try.pk}/restore"), follow=True)
    assert "The guide says again what the draft saved on" in text(response)
    assert seed_guide.steps.get(position=1).title == "First try"
    # The words it replaced are a draft too: nothing was lost by restoring.
    assert seed_guide.saved_drafts.filter(data__steps__0__title_en="Second try").exists()
    newest = seed_guide.saved_drafts.first()
    assert newest.kind == SavedDraft.Kind.RESTORED and newest.restored_from == first_try
    assert "An earlier draft restored" in text(as_editor.get(url(seed_guide, "drafts")))


def test_restoring_a_draft_needs_change_permission_and_a_post(editor, shenzhen_staff, seed_guide):
    as_editor = client_for(editor)
    save(as_editor, seed_guide, **{FIRST_STEP: "Kept"})
    draft = seed_guide.saved_drafts.first()
    restore = url(seed_guide, f"drafts/{draft.pk}/restore")
    assert as_editor.get(restore).status_code == 405
    assert client_for(shenzhen_staff).post(restore).status_code == 403
    assert as_editor.post(url(seed_guide, "drafts/999999/restore")).status_code == 404
    for odd in ["abc", "１", "9" * 40]:
        response = as_editor.get(url(seed_guide, "drafts") + f"?compare={odd}")
        assert "Choose a saved draft to compare." in text(response)
    assert as_editor.get(url(seed_guide, "drafts") + "?compare=%00").status_code == 400


def test_the_second_editor_is_shown_what_the_first_changed_and_saving_anyway_loses_nothing(
    editor,
    second_editor,
    seed_guide,
):
    change = url(seed_guide)
    first, second = client_for(editor), client_for(second_editor)
    mine = open_form(first, change, "guide_form")
    theirs = open_form(second, change, "guide_form")
    assert first.post(change, mine | {FIRST_STEP: ["Know the policy"]}).status_code == 302

    refused = second.post(change, theirs | {"short_answer_en": ["Pay at the bank."]})
    assert refused.status_code == 200
    page = text(refused)
    assert "What the other editor changed since you opened the guide" in page
    row = row_of(page, "Step 1: title (English)")
    assert "Understand the social security payment policy" in row and "Know the policy" in row
    # The second editor's input is still in the form, and saving again goes through.
    again = form_data(page, "guide_form")
    assert again["short_answer_en"] == ["Pay at the bank."]
    assert second.post(change, again).status_code == 302
    seed_guide.refresh_from_db()
    assert seed_guide.short_answer == "Pay at the bank."
    # The first editor's words are kept, and can be brought back.
    theirs_kept = seed_guide.saved_drafts.get(data__steps__0__title_en="Know the policy")
    assert theirs_kept.saved_by == editor
    assert first.post(url(seed_guide, f"drafts/{theirs_kept.pk}/restore")).status_code == 302
    assert seed_guide.steps.get(position=1).title == "Know the policy"


def test_an_editor_is_told_who_else_opened_the_guide_lately(editor, second_editor, seed_guide):
    from django.core.cache import cache

    cache.clear()
    first, second = client_for(editor), client_for(second_editor)
    assert "Also open elsewhere" not in text(first.get(url(seed_guide)))
    page = text(second.get(url(seed_guide)))
    assert "Also open elsewhere:</strong> editor1 opened it 0 minutes ago." in page
    # Not themselves, and the first now sees the second.
    assert "editor2 opened it" not in page
    assert "editor2 opened it 0 minutes ago" in text(first.get(url(seed_guide)))
