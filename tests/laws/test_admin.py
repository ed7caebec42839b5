"""Editors keep the law's translations current in the admin, as drafts they publish; the
text itself comes from importlaw."""

import html
import re

from laws.models import (
    Article,
    Paragraph,
    Statute,
    TranslationDraft,
    TranslationVersion,
    Wording,
)
from tests.factories import client_for
from tests.formdata import form_data


def test_changelists_render_with_search_and_filters(editor_client, social_insurance_law):
    for url in [
        "/admin/laws/statute/",
        "/admin/laws/chapter/",
        "/admin/laws/article/?q=灵活就业人员",
        "/admin/laws/article/?amended=yes",
        "/admin/laws/article/?translated=yes",
        "/admin/laws/paragraph/?q=force+majeure",
    ]:
        assert editor_client.get(url).status_code == 200, url
    assert listed_articles(editor_client, "/admin/laws/article/?amended=yes") == [57, 64, 66]
    assert 60 in listed_articles(editor_client, "/admin/laws/article/?q=灵活就业人员")


def listed_articles(client, url: str) -> list[int]:
    """The numbers of the articles a change list shows, read from its rows' links."""
    html = client.get(url).content.decode()
    pks = {int(pk) for pk in re.findall(r'href="/admin/laws/article/(\d+)/change/', html)}
    return sorted(Article.objects.filter(pk__in=pks).values_list("number", flat=True))


ARTICLE_60 = "/laws/social-insurance-law/article/60/"
NEW_ENGLISH = "The employer shall declare and pay in full and on time."


def article_60_1() -> Paragraph:
    return Paragraph.objects.get(
        article__statute__slug="social-insurance-law", article__number=60, number=1
    )


def publish(client, base: str, note: str, **extra):
    """Open the paragraph's publish page and publish what it shows, as an editor would."""
    form = form_data(client.get(base + "publish/").content.decode(), "publish-form")
    return client.post(base + "publish/", form | {"change_note": [note]}, **extra)


def test_the_chinese_text_and_its_dates_are_not_editable_in_the_admin(
    editor_client, social_insurance_law
):
    paragraph = article_60_1()
    wording = paragraph.wordings.get()
    url = f"/admin/laws/paragraph/{paragraph.pk}/change/"
    page = editor_client.get(url).content.decode()
    assert 'name="wordings-0-text_zh"' not in page
    assert 'name="wordings-0-in_force_from"' not in page
    assert "only importlaw changes them" in page
    forged = {
        "wordings-TOTAL_FORMS": "1", "wordings-INITIAL_FORMS": "1",
        "wordings-MIN_NUM_FORMS": "0", "wordings-MAX_NUM_FORMS": "1000",
        "wordings-0-id": str(wording.pk), "wordings-0-paragraph": str(paragraph.pk),
        "wordings-0-text_zh": "篡改的文字。", "wordings-0-in_force_from": "2000-01-01",
        "wordings-0-text_en": "Forged.",
    }  # fmt: skip
    editor_client.post(url, forged)
    wording.refresh_from_db()
    assert wording.text_zh.startswith("用人单位应当自行申报")
    assert str(wording.in_force_from) == "2011-07-01" and wording.text_en != "Forged."


def test_a_translation_is_drafted_previewed_published_compared_and_restored(
    editor_client, client, social_insurance_law
):
    paragraph = article_60_1()
    wording = paragraph.wordings.get()
    before = wording.text_en
    base = f"/admin/laws/paragraph/{paragraph.pk}/translation/"
    form = form_data(editor_client.get(base).content.decode(), "translation-form")
    prefix = f"w{wording.pk}-"
    saved = editor_client.post(base, form | {prefix + "text_en": [NEW_ENGLISH]}, follow=True)
    assert "Draft saved. Readers still see the published translation" in saved.content.decode()
    wording.refresh_from_db()
    assert wording.text_en == before  # a draft is not live
    assert NEW_ENGLISH not in client.get(ARTICLE_60).content.decode()
    preview = editor_client.get(base + "preview/")
    assert NEW_ENGLISH in preview.content.decode() and preview["X-Robots-Tag"] == "noindex"

    refused = publish(editor_client, base, "")
    assert "Write a change note." in refused.content.decode()
    published = publish(editor_client, base, "Plainer words.", follow=True)
    assert "Published: readers now see the new translation (1 wording)." in (
        published.content.decode()
    )
    assert NEW_ENGLISH in client.get(ARTICLE_60).content.decode()
    history = html.unescape(editor_client.get(base + "history/").content.decode())
    assert "Plainer words." in history and "<td>imported</td>" in history
    assert "<ins>" in history  # the change from the version before, marked
    first = TranslationVersion.objects.get(wording=wording, number=1)
    assert first.text_en == before

    restore = base + f"history/{first.pk}/restore/"
    assert editor_client.get(restore).status_code == 405
    editor_client.post(restore)
    assert TranslationDraft.objects.get(wording=wording).text_en == before
    assert NEW_ENGLISH in client.get(ARTICLE_60).content.decode()  # until published
    editor_client.post(base + "publish/", {"change_note": "Not what was shown.", "shown": "x"})
    assert TranslationDraft.objects.filter(wording=wording).exists()  # refused: nothing live
    publish(editor_client, base, "Back to the first.")
    wording.refresh_from_db()
    assert wording.text_en == before
    assert wording.translations.count() == 3


def test_regional_staff_read_but_do_not_edit_the_translation(shenzhen_staff, social_insurance_law):
    paragraph = article_60_1()
    staff = client_for(shenzhen_staff)
    base = f"/admin/laws/paragraph/{paragraph.pk}/translation/"
    assert staff.get(base).status_code == 403
    assert staff.post(base + "publish/", {"change_note": "x"}).status_code == 403
    assert staff.get(base + "history/").status_code == 200
    assert staff.get("/admin/laws/paragraph/999999/translation/history/").status_code == 404


def test_statutes_are_imported_not_added_or_deleted_in_the_admin(
    editor_client, social_insurance_law
):
    assert editor_client.get("/admin/laws/statute/add/").status_code == 403
    assert editor_client.get("/admin/laws/article/add/").status_code == 403
    article = Article.objects.get(statute__slug="social-insurance-law", number=60)
    response = editor_client.post(f"/admin/laws/article/{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Statute.objects.filter(slug="social-insurance-law").exists()
    assert Wording.objects.filter(paragraph__article=article).count() == 2


def test_two_editors_drafting_one_translation_lose_neither_draft(
    editor, second_editor, social_insurance_law
):
    paragraph = article_60_1()
    wording = paragraph.wordings.get()
    base = f"/admin/laws/paragraph/{paragraph.pk}/translation/"
    first, second = client_for(editor), client_for(second_editor)
    mine = form_data(first.get(base).content.decode(), "translation-form")
    theirs = form_data(second.get(base).content.decode(), "translation-form")
    prefix = f"w{wording.pk}-"
    assert first.post(base, mine | {prefix + "text_en": ["The first draft."]}).status_code == 302
    refused = second.post(base, theirs | {prefix + "text_en": ["The second draft."]})
    assert refused.status_code == 200
    page = html.unescape(refused.content.decode())
    assert "editor1 saved a draft of this wording after you opened it" in page
    assert "Theirs reads: “The first draft.”" in page
    assert TranslationDraft.objects.get(wording=wording).text_en == "The first draft."
    again = form_data(page, "translation-form")
    assert again[prefix + "text_en"] == ["The second draft."]
    assert second.post(base, again).status_code == 302
    assert TranslationDraft.objects.get(wording=wording).text_en == "The second draft."
    history = html.unescape(
        second.get(f"/admin/laws/paragraph/{paragraph.pk}/history/").content.decode()
    )
    assert "It replaced editor1's draft of 2011-07-01: 'The first draft.'" in history
