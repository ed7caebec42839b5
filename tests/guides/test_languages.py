"""A guide's content in Chinese and English: each page in its language, a text not yet
translated shown in the other language with its `lang` and a notice, versions keeping both."""

import html
import json
import re

import pytest
from django.test import Client
from django.utils import translation

from guides import publishing, tree
from guides.models import GuideVersion
from tests.factories import ROOT, make_guide
from tests.formdata import form_data

SEED = "/guides/where-to-pay-social-security/"
CHINESE = json.loads(
    (ROOT / "fixtures" / "translations" / "where-to-pay.zh-hans.json").read_text(encoding="utf-8")
)
NOTICE_ZH = "本指南有部分内容尚未翻译"


def page(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def elements_in(language: str, page_html: str) -> list[str]:
    """The text of each element the page marks as written in `language`."""
    return re.findall(rf'<(\w+)[^>]* lang="{language}"[^>]*>(.*?)</\1>', page_html, re.S)


def test_the_seed_guide_reads_in_chinese_at_its_chinese_address(seed_guide):
    chinese = page("/zh-hans" + SEED)
    assert '<html lang="zh-Hans">' in chinese
    assert f"<h1>{CHINESE['title']}</h1>" in chinese
    assert CHINESE["short_answer"] in chinese
    for step in CHINESE["steps"]:
        assert step["title"] in chinese
        for material in step.get("materials", []):
            assert material["name"] in chinese
        for method in step.get("methods", []):
            assert method["name"] in chinese and method["where"] in chinese
    assert NOTICE_ZH not in chinese  # every part of it is in Chinese
    # The only English on it is the law's unofficial translation and the note on it, the
    # source as published, an example of typing in English and the switch, all marked.
    english = [text for _tag, text in elements_in("en", chinese)]
    assert english and all(
        text.startswith(
            (
                "The ",
                "Individual ",
                "If the ",
                "Job Recruitment",
                "English",
                "Shenzhen",
                "Unofficial",
            )
        )
        for text in english
    ), english


def test_the_english_guide_is_unchanged_and_has_no_chinese_of_the_translation(seed_guide):
    english = page(SEED)
    assert '<html lang="en">' in english
    assert "<h1>Where can I pay the social security card?</h1>" in english
    assert CHINESE["title"] not in english
    assert CHINESE["steps"][0]["body"] not in english


def test_a_text_not_translated_yet_is_shown_in_english_marked_and_explained(seed_guide):
    guide = make_guide(steps=2, slug="english-only")
    url = guide.get_absolute_url()  # before a request leaves Chinese active in this thread
    chinese = page("/zh-hans" + url)
    assert NOTICE_ZH in chinese
    title = guide.steps.first().title
    assert f'<span lang="en">{title}</span>' in chinese
    assert f'<h1 lang="en">{guide.title}</h1>' in chinese
    # The English page says nothing of it.
    english = page(url)
    assert "not been translated" not in english
    assert f"<h1>{guide.title}</h1>" in english
    assert f'<span lang="en">{title}</span>' not in english


def test_an_editor_writes_both_languages_side_by_side_and_citizens_read_each(
    editor_client, seed_guide
):
    url = f"/admin/guides/guide/{seed_guide.pk}/change/"
    form = editor_client.get(url).content.decode()
    # Both languages of a field on one line, Chinese first, each with its own label.
    line = re.search(r'<div class="form-row[^"]*field-title_zh_hans field-title_en', form)
    assert line, "title fields are not on one line"
    assert "Title (简体中文)" in html.unescape(form) and "Title (English)" in html.unescape(form)
    data = form_data(form, "guide_form")
    assert data["title_zh_hans"] == [CHINESE["title"]]
    changed = data | {"steps-0-title_zh_hans": ["先了解缴费政策"]}
    assert editor_client.post(url, changed).status_code == 302
    publishing.publish(guide=seed_guide, user=None, change_note="新的步骤标题", major=False)
    assert "先了解缴费政策" in page("/zh-hans" + SEED)
    assert "先了解缴费政策" not in page(SEED)
    assert "Understand the social security payment policy" in page(SEED)


def test_a_version_keeps_both_languages_and_older_versions_read_as_english(seed_guide):
    version = GuideVersion.objects.get(guide=seed_guide)
    assert version.data["title_zh_hans"] == CHINESE["title"]
    assert version.data["steps"][1]["materials"][0]["name_zh_hans"] == "社会保障卡"
    assert version.title_zh_hans == CHINESE["title"]
    # A version kept before guides had two languages: each text once, in English.
    old = tree.data(seed_guide)
    for key in list(old):
        if key.endswith("_zh_hans"):
            del old[key]
    old = {
        key.removesuffix("_en") if key.endswith("_en") else key: value for key, value in old.items()
    }
    old["steps"] = [
        {
            key.removesuffix("_en"): value
            for key, value in step.items()
            if not key.endswith("_zh_hans")
        }
        | {"materials": [], "methods": [], "citations": []}
        for step in old["steps"]
    ]
    version.data = old
    version.save()
    english = page(SEED)
    assert "Understand the social security payment policy" in english
    chinese = page("/zh-hans" + SEED)
    assert '<span lang="en">Understand the social security payment policy</span>' in chinese
    assert NOTICE_ZH in chinese


def test_a_translation_file_that_does_not_fit_the_guide_is_refused(seed_guide):
    from guides.services import create_guide

    data = json.loads((ROOT / "fixtures" / "guides" / "where-to-pay.json").read_text())
    data["slug"] = "misfit"
    too_many = {"steps": [{"title": "一"}] * (len(data["steps"]) + 1)}
    with translation.override("en"), pytest.raises(tree.TreeError, match="more steps than"):
        create_guide(data=data, translations={"zh-hans": too_many})
    assert not GuideVersion.objects.filter(slug=data["slug"]).exists()


def test_a_query_in_either_language_finds_the_guide_shown_in_the_pages_language(seed_guide):
    from search.indexing import rebuild

    rebuild()
    chinese = page("/zh-hans/search/?q=bank+transfer")
    assert "第3步：选择缴费方式" in chinese
    assert 'href="/zh-hans/guides/where-to-pay-social-security/#step-3"' in chinese
    assert "Choose the payment method" not in chinese
    english = page("/search/?q=银行转账")
    assert "Step 3: Choose the payment method" in english
    assert 'href="/guides/where-to-pay-social-security/#step-3"' in english
    assert "选择缴费方式" not in english


def test_editors_see_which_texts_are_written_in_one_language_only(editor_client, seed_guide):
    # The seed guide is in both languages; where it was first taken from is named as it
    # is there, which is not a translation missing.
    form = html.unescape(
        editor_client.get(f"/admin/guides/guide/{seed_guide.pk}/change/").content.decode()
    )
    assert "written in one language only" not in form
    guide = make_guide(steps=2, slug="english-only")
    form = html.unescape(
        editor_client.get(f"/admin/guides/guide/{guide.pk}/change/").content.decode()
    )
    assert "<li>Title (简体中文)</li>" in form
    assert "<li>Step 1: Title (简体中文)</li>" in form
    assert "<li>Step 1 › Material 1: Name (简体中文)</li>" in form


def test_where_the_guide_quotes_the_unofficial_translation_it_flags_its_known_faults(seed_guide):
    english = page(SEED)
    quoted = english.split("the employer shall inform me of the details", 1)[1][:1200]
    assert "About this translation:" in quoted
    assert (
        "“inform me” renders 告知本人 (inform the employee concerned)".replace("“", '"').replace(
            "”", '"'
        )
        in quoted
    )
    chinese = page("/zh-hans" + SEED)
    # The Chinese guide says it as the law does: the employee concerned, not "me"; and
    # where it shows the translation, says in Chinese what is wrong with it.
    assert "关于此译文：" in chinese
    note = chinese.split("关于此译文：", 1)[1].split("</p>", 1)[0]
    assert "将“告知本人”译作“告知我”，应为告知职工本人" in note
    assert 'lang="en"' not in note


def test_the_statute_says_where_its_text_comes_from_in_the_pages_language(seed_guide):
    english = page("/laws/social-insurance-law/")
    assert "from the National People's Congress law database" in english
    chinese = page("/zh-hans/laws/social-insurance-law/")
    source = chinese.split("取自全国人民代表大会国家法律法规数据库", 1)[0].rsplit("<p", 1)[1]
    assert 'lang="en"' not in source
    # The repository and commit the text was copied from are in the English note, kept
    # below it in its own language.
    assert '<p lang="en">Consolidated text as amended on 2018-12-29' in chinese
    assert "The note in English" not in english


def test_a_translation_the_other_language_has_overtaken_is_flagged_until_checked(
    editor_client, seed_guide
):
    url = f"/admin/guides/guide/{seed_guide.pk}/change/"
    data = form_data(editor_client.get(url).content.decode(), "guide_form")
    changed = data | {"steps-0-title_en": ["Learn the local payment policy"]}
    assert editor_client.post(url, changed).status_code == 302
    seed_guide.refresh_from_db()
    step = seed_guide.steps.get(position=1)
    assert seed_guide.translations_to_check == [f"step:{step.pk}:title_zh_hans"]
    form = html.unescape(editor_client.get(url).content.decode())
    assert "These translations may be out of date" in form
    assert "<li>Step 1: Title (简体中文)</li>" in form
    row = f"/admin/guides/guide/{seed_guide.pk}/change/?_changelist_filters"
    listing = editor_client.get("/admin/guides/guide/", {"translation": "to_check"})
    assert row in listing.content.decode()
    # Changing the Chinese too clears it; a later English change flags it again, and an
    # editor who finds it still right says so.
    data = form_data(editor_client.get(url).content.decode(), "guide_form")
    assert (
        editor_client.post(url, data | {"steps-0-title_zh_hans": ["了解当地缴费政策"]}).status_code
        == 302
    )
    seed_guide.refresh_from_db()
    assert seed_guide.translations_to_check == []
    data = form_data(editor_client.get(url).content.decode(), "guide_form")
    editor_client.post(url, data | {"steps-0-title_en": ["Learn the policy"]})
    seed_guide.refresh_from_db()
    assert seed_guide.translations_to_check != []
    checked = editor_client.post(f"/admin/guides/guide/{seed_guide.pk}/translations-checked/")
    assert checked.status_code == 302
    seed_guide.refresh_from_db()
    assert seed_guide.translations_to_check == []
    listing = editor_client.get("/admin/guides/guide/", {"translation": "to_check"})
    assert row not in listing.content.decode()
    assert (
        editor_client.get(f"/admin/guides/guide/{seed_guide.pk}/translations-checked/").status_code
        == 405
    )
