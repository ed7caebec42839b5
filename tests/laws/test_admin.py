"""Editors keep the law's text and translations current in the admin."""

import datetime
import re

from laws.models import Article, Paragraph, Statute, Wording
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


def test_an_editor_improves_a_translation(editor_client, social_insurance_law):
    paragraph = Paragraph.objects.get(
        article__statute__slug="social-insurance-law", article__number=60, number=1
    )
    wording = paragraph.wordings.get()
    url = f"/admin/laws/paragraph/{paragraph.pk}/change/"
    page = editor_client.get(url)
    assert page.status_code == 200
    shown = form_data(page.content.decode(), "paragraph_form")
    assert "number" not in shown  # structure comes from the import
    data = {
        "edit_revision": shown["edit_revision"][0],  # the version this page showed
        "wordings-TOTAL_FORMS": "1",
        "wordings-INITIAL_FORMS": "1",
        "wordings-MIN_NUM_FORMS": "0",
        "wordings-MAX_NUM_FORMS": "1000",
        "wordings-0-id": str(wording.pk),
        "wordings-0-paragraph": str(paragraph.pk),
        "wordings-0-text_zh": wording.text_zh,
        "wordings-0-text_en": "The employer shall declare and pay in full and on time.",
        "wordings-0-translation_note": wording.translation_note,
        "wordings-0-in_force_from": "2011-07-01",
        "wordings-0-in_force_until": "",
        "wordings-0-amendment": "",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302
    wording.refresh_from_db()
    assert wording.text_en == "The employer shall declare and pay in full and on time."
    article_page = editor_client.get("/laws/social-insurance-law/article/60/").content.decode()
    assert "The employer shall declare and pay in full and on time." in article_page


def wording_form(paragraph, wordings: list, *new: dict) -> dict:
    """The paragraph's admin form: `wordings` as they are (or as changed), then `new` ones."""
    rows = [{"id": str(w.pk), "text_zh": w.text_zh, **changes} for w, changes in wordings]
    rows += list(new)
    paragraph.refresh_from_db()
    data = {
        "edit_revision": str(paragraph.revision),  # the revision the editor's page showed
        "wordings-TOTAL_FORMS": str(len(rows)),
        "wordings-INITIAL_FORMS": str(len(wordings)),
        "wordings-MIN_NUM_FORMS": "0",
        "wordings-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        for field, value in {"paragraph": str(paragraph.pk), **row}.items():
            data[f"wordings-{number}-{field}"] = value
    return data


def test_an_overlapping_period_is_refused_with_a_message(editor_client, social_insurance_law):
    paragraph = Paragraph.objects.get(
        article__statute__slug="social-insurance-law", article__number=1, number=1
    )
    wording = paragraph.wordings.get()
    url = f"/admin/laws/paragraph/{paragraph.pk}/change/"
    data = wording_form(
        paragraph,
        [(wording, {"in_force_from": "2011-07-01"})],
        {"text_zh": "新的文字。", "in_force_from": "2020-01-01"},
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "would be in force on the same day" in response.content.decode()
    assert paragraph.wordings.count() == 1


def test_ending_a_wording_and_adding_the_next_is_one_save(editor_client, social_insurance_law):
    paragraph = Paragraph.objects.get(
        article__statute__slug="social-insurance-law", article__number=1, number=1
    )
    wording = paragraph.wordings.get()
    url = f"/admin/laws/paragraph/{paragraph.pk}/change/"
    data = wording_form(
        paragraph,
        [(wording, {"in_force_from": "2011-07-01", "in_force_until": "2030-01-01"})],
        {"text_zh": "二〇三〇年起的文字。", "in_force_from": "2030-01-01"},
    )
    assert editor_client.post(url, data).status_code == 302
    periods = list(paragraph.wordings.values_list("in_force_from", "in_force_until"))
    assert [(str(start), str(end)) for start, end in periods] == [
        ("2011-07-01", "2030-01-01"),
        ("2030-01-01", "None"),
    ]


def test_a_change_the_database_would_refuse_halfway_is_refused_first(
    editor_client, social_insurance_law
):
    """Changed wordings are saved one by one: moving a boundary later must end the earlier
    one after the later one has moved, which one save cannot do; it says so instead of
    failing."""
    paragraph = Paragraph.objects.get(
        article__statute__slug="social-insurance-law", article__number=1, number=1
    )
    first = paragraph.wordings.get()
    first.in_force_until = datetime.date(2030, 1, 1)
    first.save()
    second = Wording.objects.create(
        paragraph=paragraph, text_zh="后来的文字。", in_force_from=datetime.date(2030, 1, 1)
    )
    url = f"/admin/laws/paragraph/{paragraph.pk}/change/"
    data = wording_form(
        paragraph,
        [
            (first, {"in_force_from": "2011-07-01", "in_force_until": "2031-01-01"}),
            (second, {"in_force_from": "2031-01-01"}),
        ],
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "would be in force on the same day" in response.content.decode()
    second.refresh_from_db()
    assert second.in_force_from == datetime.date(2030, 1, 1)


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
