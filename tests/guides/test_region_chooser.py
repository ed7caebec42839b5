"""The region chooser: lists, typed names, mistakes, and the remembered region."""

import pytest
from django import forms
from django.test.html import parse_html

from guides.views import REGION_COOKIE
from regions.forms import RegionChooserForm, RegionSelect, chooser_regions
from regions.models import Region

CHOOSE = "/guides/test-guide/region/"


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ({"province": "440000", "city": "440300"}, "/guides/test-guide/440000/440300/"),
        ({"province": "440000", "city": ""}, "/guides/test-guide/440000/"),
        ({"province": "110000"}, "/guides/test-guide/110000/"),
        # A city left over from another province: the province was changed.
        ({"province": "330000", "city": "440300"}, "/guides/test-guide/330000/"),
        ({"place": "Shenzhen"}, "/guides/test-guide/440000/440300/"),
        ({"place": "  shenzhen city "}, "/guides/test-guide/440000/440300/"),
        ({"place": "深圳"}, "/guides/test-guide/440000/440300/"),
        ({"place": "深圳市"}, "/guides/test-guide/440000/440300/"),
        ({"place": "广东省深圳市"}, "/guides/test-guide/440000/440300/"),
        ({"place": "广西"}, "/guides/test-guide/450000/"),
        ({"place": "Taizhou, Zhejiang"}, "/guides/test-guide/330000/331000/"),
        ({"place": "泰州，江苏"}, "/guides/test-guide/320000/321200/"),
        ({"place": "Shenzhen, Guangdong · 广东省深圳市"}, "/guides/test-guide/440000/440300/"),
        ({"place": "Beijing", "province": "440000"}, "/guides/test-guide/110000/"),
    ],
)
def test_a_chosen_region_opens_its_guide_and_is_remembered(client, guide, query, target):
    response = client.get(CHOOSE, query)
    assert response.status_code == 302
    assert response["Location"] == target
    cookie = response.cookies[REGION_COOKIE]
    assert cookie.value == target.rstrip("/").rsplit("/", 1)[1]
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 365 * 24 * 60 * 60


def test_a_name_several_places_share_asks_which_one(client, guide):
    response = client.get(CHOOSE, {"place": "Taizhou"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Which one do you mean?" in html
    assert "?province=330000&amp;city=331000" in html  # Taizhou, Zhejiang
    assert "?province=320000&amp;city=321200" in html  # Taizhou, Jiangsu
    assert REGION_COOKIE not in response.cookies
    # 吉林 is both a province and one of its cities.
    html = client.get(CHOOSE, {"place": "吉林"}).content.decode()
    assert "?province=220000&amp;city=220200" in html
    assert "?province=220000&quot;" not in html and '?province=220000"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"place": "Atlantis"}, "We could not find a province or city called “Atlantis”."),
        ({"place": "<script>alert(1)</script>"}, "called “&lt;script&gt;alert(1)&lt;/script&gt;”"),
        ({"place": "x" * 500}, "Type a name of up to 60 characters."),
        ({"province": ""}, "Choose your province, or type the name of your city."),
        ({"province": "440300"}, "Choose your province, or type the name of your city."),
        ({"province": "'; DROP TABLE regions_region; --"}, "Choose your province"),
        ({"place": "!!!", "province": ""}, "We could not find a province or city called “!!!”."),
    ],
)
def test_mistakes_get_a_clear_message_and_nothing_is_remembered(client, guide, query, message):
    response = client.get(CHOOSE, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert "<script>alert" not in html
    assert REGION_COOKIE not in response.cookies


def test_the_chooser_page_without_a_choice_is_a_plain_form(client, guide):
    response = client.get(CHOOSE)
    assert response.status_code == 200
    assert "There is a problem" not in response.content.decode()


def test_clearing_forgets_the_region_and_shows_the_national_guide(client, guide):
    client.get(CHOOSE, {"place": "Shenzhen"})
    response = client.get(CHOOSE, {"clear": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/guides/test-guide/"
    assert response.cookies[REGION_COOKIE].value == ""
    assert response.cookies[REGION_COOKIE]["max-age"] == 0


def test_the_national_guide_offers_the_last_region_but_never_redirects(client, guide):
    client.cookies[REGION_COOKIE] = "440300"
    response = client.get("/guides/test-guide/")
    assert response.status_code == 200
    html = response.content.decode()
    # The page is the same for everyone (cacheable); a script fills in and shows the offer.
    assert 'data-module="region-offer"' in html
    assert "hidden>" in html.split('data-module="region-offer"', 1)[1].split("\n", 1)[0]
    assert "Cookie" not in response.get("Vary", "")


def test_the_lists_show_the_provinces_and_the_current_provinces_cities(client, guide):
    national = client.get("/guides/test-guide/").content.decode()
    province_select = national.split('name="province"', 1)[1].split("</select>", 1)[0]
    assert province_select.count("<option") == 32  # a prompt and 31 provinces
    city_select = national.split('name="city"', 1)[1].split("</select>", 1)[0]
    assert city_select.count("<option") == 1  # choose a province first
    local = client.get("/guides/test-guide/440000/440300/").content.decode()
    city_select = local.split('name="city"', 1)[1].split("</select>", 1)[0]
    assert city_select.count("<option") == 22  # the whole province and its 21 cities
    assert '<option value="440300" selected>Shenzhen 深圳市</option>' in city_select


def test_chooser_pages_are_valid_html(client, guide, html_validator):
    documents = {
        name: client.get(CHOOSE, query).content
        for name, query in {
            "empty": {},
            "error": {"place": "Atlantis"},
            "candidates": {"place": "Taizhou"},
        }.items()
    }
    assert html_validator(documents) == []


@pytest.mark.parametrize(
    "data", [None, {"province": "440000", "city": "440300"}, {"province": "", "city": "x"}]
)
def test_the_lists_are_the_selects_django_would_render(guide, data):
    """RegionSelect writes the HTML itself, for speed; it must not differ from Django's."""
    listed = chooser_regions(Region.objects.get(code="440000"))
    listed.append(Region(code='"><b>', name_en="<i>Odd</i>", name_zh="&", level="province"))
    ours = RegionChooserForm(data, listed=listed)
    django = RegionChooserForm(data, listed=listed)
    for name in ("province", "city"):
        field = django.fields[name]
        field.widget = forms.Select(attrs=field.widget.attrs, choices=field.widget.choices)
        assert isinstance(ours.fields[name].widget, RegionSelect)
        assert parse_html(str(ours[name])) == parse_html(str(django[name]))


@pytest.mark.parametrize(
    ("typed", "region"),
    [
        ("Xian", "610000/610100/"),  # Xi'an, as typed without the apostrophe
        ("Xi'an", "610000/610100/"),
        ("Lvliang", "140000/141100/"),  # Lüliang, with v for ü as on a keyboard
        ("Luliang", "140000/141100/"),
        ("Lüliang", "140000/141100/"),
        ("Xiantao", "420000/429004/"),  # a county-level city under its province
        ("Da Hinggan Ling Prefecture", "230000/232700/"),
        ("Ding'an County", "460000/469021/"),
    ],
)
def test_typed_pinyin_finds_its_place_with_or_without_apostrophe_and_umlaut(
    client, guide, typed, region
):
    response = client.get(CHOOSE, {"place": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/guides/test-guide/{region}"
