"""Local items in two languages, as staff keep them: a text changed in one language flags the
other's as possibly out of date until someone changes it or confirms it, texts written in one
language only are listed, and the admin's home page counts both, in each person's regions."""

import html

import pytest

from editorial.roles import REGIONAL_STAFF
from local.models import Hotline, Office, Status
from tests.factories import client_for, make_guide, make_staff, office, provenance
from tests.formdata import form_data

OFFICES = "/admin/local/office/"


@pytest.fixture
def futian(regions) -> Office:
    """A live Shenzhen office, named and described in both languages."""
    return office(
        "440300",
        "Futian service hall",
        name_zh_hans="福田区社会保险服务大厅",
        address_zh_hans="示例路1号",
        opening_hours_zh_hans="周一至周五 9:00–17:00",
        verified_by_zh_hans="测试组",
    )


def edit(client, item: Office, **changes):
    url = f"{OFFICES}{item.pk}/change/"
    data = form_data(client.get(url).content.decode(), "office_form")
    response = client.post(url, data | {name: [value] for name, value in changes.items()})
    assert response.status_code == 302, html.unescape(response.content.decode())[:3000]
    item.refresh_from_db()
    return item


def page(client, url: str, params: dict | None = None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def test_a_text_changed_in_chinese_only_flags_its_english_until_checked(futian, shenzhen_staff):
    staff = client_for(shenzhen_staff)
    item = edit(staff, futian, name_zh_hans="福田区社会保险服务中心")
    # The site keeps the approved words; the flag belongs to the proposal staff wrote.
    assert item.status == Status.DRAFT and item.name_zh_hans == "福田区社会保险服务大厅"
    assert item.translations_to_check == ["office:name_en"]

    form = page(staff, f"{OFFICES}{item.pk}/change/")
    assert "These translations may be out of date" in form
    assert "<li>Name (English)</li>" in form
    listing = page(staff, OFFICES, {"translation": "to_check"})
    assert f"{OFFICES}{item.pk}/change/" in listing
    home = page(staff, "/admin/")
    assert 'href="/admin/local/office/?translation=to_check">1</a>' in home

    # Confirming is not a change of the words: a reviewer's page of this version still holds.
    revision = item.revision
    assert staff.get(f"{OFFICES}{item.pk}/translations-checked/").status_code == 405
    assert staff.post(f"{OFFICES}{item.pk}/translations-checked/").status_code == 302
    item.refresh_from_db()
    assert (item.translations_to_check, item.revision) == ([], revision)
    assert f"{OFFICES}{item.pk}/change/" not in page(staff, OFFICES, {"translation": "to_check"})
    assert "These translations may be out of date" not in page(staff, f"{OFFICES}{item.pk}/change/")


def test_changing_the_flagged_text_clears_it_and_changing_both_flags_nothing(futian, editor):
    client = client_for(editor)
    item = edit(client, futian, address_en="2 Example Road")
    assert item.translations_to_check == ["office:address_zh_hans"]
    item = edit(client, item, address_zh_hans="示例路2号")
    assert item.translations_to_check == []
    item = edit(client, item, opening_hours_en="Weekdays 8:30 to 17:00",
                opening_hours_zh_hans="周一至周五 8:30–17:00")  # fmt: skip
    assert item.translations_to_check == []
    # An editor's save of a live item publishes it: the flag and the words go live together.
    assert item.opening_hours_en == "Weekdays 8:30 to 17:00"


def test_a_text_written_in_one_language_only_is_listed_and_counted(futian, editor):
    chinese_only = Hotline.objects.create(
        region_id="440300",
        name_zh_hans="深圳社保热线",
        number="0755-12333",
        **provenance(verified_by_zh_hans="测试组"),
    )
    assert chinese_only.name_en is None
    client = client_for(editor)
    form = page(client, f"/admin/local/hotline/{chinese_only.pk}/change/")
    assert "1 text is written in one language only" in form
    assert "<li>Name (English)</li>" in form
    listing = page(client, "/admin/local/hotline/", {"translation": "one_language"})
    assert f"/admin/local/hotline/{chinese_only.pk}/change/" in listing
    # The office is written in both languages.
    offices = page(client, OFFICES, {"translation": "one_language"})
    assert f"{OFFICES}{futian.pk}/change/" not in offices
    home = page(client, "/admin/")
    assert 'href="/admin/local/hotline/?translation=one_language">1</a>' in home


def test_each_person_counts_only_the_translations_of_their_own_regions(futian, shenzhen_staff):
    beijing_staff = make_staff("beijing", group=REGIONAL_STAFF, regions=("110000",))
    edit(client_for(shenzhen_staff), futian, name_zh_hans="福田区社会保险服务中心")
    theirs = page(client_for(beijing_staff), "/admin/")
    assert "/admin/local/office/?translation=to_check" not in theirs
    assert "no translation is waiting to be checked" in theirs
    # Nor can they see or confirm it.
    assert (
        client_for(beijing_staff).post(f"{OFFICES}{futian.pk}/translations-checked/").status_code
        == 404
    )
    futian.refresh_from_db()
    assert futian.translations_to_check == ["office:name_en"]


def test_the_home_page_counts_guides_too(seed_guide, editor_client):
    # The seed guide is written in both languages; a guide written in English only is not.
    assert "/admin/guides/guide/?translation=" not in page(editor_client, "/admin/")
    english_only = make_guide(steps=2, slug="english-only")
    home = page(editor_client, "/admin/")
    assert 'href="/admin/guides/guide/?translation=one_language">1</a>' in home
    listing = page(editor_client, "/admin/guides/guide/", {"translation": "one_language"})
    assert f"/admin/guides/guide/{english_only.pk}/change/" in listing
    assert f"/admin/guides/guide/{seed_guide.pk}/change/" not in listing
