"""The checklist for the counter, as the server sends it: what it lists for a city in both
languages, what it leaves out, the note that is not a box, and nothing of one visitor's
in the page every visitor is given (the day printed and the ticks are the browser's)."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from local.models import Hotline, Office
from tests.factories import GUANGDONG, SHENZHEN, load_shipped_content, office
from tests.portal.test_budgets import QUERY_BUDGETS
from tests.queries import cold_queries

GUIDE = "/guides/where-to-pay-social-security/"
CITY = GUIDE + "440000/440300/checklist/"


@pytest.fixture
def shenzhen(social_insurance_law, regions):
    """The shipped demonstration content (Guangdong's and Shenzhen's rules, Shenzhen's
    hotline, Guangdong's offices), and a counter of Shenzhen's own, in both languages."""
    load_shipped_content()
    counter = office(
        SHENZHEN, "Futian service hall", name_zh_hans="福田服务大厅", phone="0755-1234 5678"
    )
    counter.address_zh_hans = "福田区示例路1号"
    counter.opening_hours_zh_hans = "工作日 9:00—17:00"
    counter.save()
    return counter


def page_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def boxes(html: str) -> list[str]:
    """The labels of the boxes to tick, in order."""
    return re.findall(
        r'<label class="c-checklist__label" for="checklist-item-\d+"[^>]*>([^<]+)', html
    )


def section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def test_a_city_checklist_lists_its_materials_offices_hotline_and_ways_to_pay(client, shenzhen):
    html = page_of(client, CITY)
    # The materials, each saying original or photocopy as the guide's data does.
    assert boxes(html) == [
        "Original and photocopy of social security card",
        "Original and photocopy of personal ID card",
        "Original of Shenzhen residence permit"
        " (if your household registration is outside Shenzhen)",
    ]
    assert html.count('type="checkbox"') == 3
    assert "The electronic social security card in a mobile app is accepted" in html  # different
    assert "Added in Shenzhen" in html

    where = section(html, "checklist-where")
    assert "Where to pay and who to call in Shenzhen" in where
    assert "<strong>Futian service hall</strong> (Social insurance office)" in where
    assert "<dt>Address:</dt><dd>1 Example Road</dd>" in where
    assert "<dt>Opening hours:</dt><dd>Weekdays 9:00 to 17:00</dd>" in where
    assert '<a href="tel:0755-12345678">0755-1234 5678</a>' in where
    assert '<a href="tel:0755-12333">0755-12333</a>' in where  # Shenzhen's own hotline
    # Guangdong's counters do not serve the city, so they are not on its paper.
    assert "Guangdong social insurance service hall" not in html
    assert "Example Bank, Tianhe branch" not in html

    methods = section(html, "checklist-methods")
    assert re.findall(r"<strong><span>([^<]+)</span>:</strong>", methods) == [
        "Bank transfer",
        "Self-service payment machine",
        "Other payment methods",
        "City services app",
    ]


def test_the_chinese_checklist_lists_the_same_in_chinese(client, shenzhen):
    html = page_of(client, "/zh-hans" + CITY)
    assert boxes(html) == [
        "社会保障卡原件及复印件",
        "本人居民身份证原件及复印件",
        "深圳市居住证原件（户籍不在深圳的）",
    ]
    where = section(html, "checklist-where")
    assert "<strong>福田服务大厅</strong>" in where
    assert "<dd>福田区示例路1号</dd>" in where
    assert "<dd>工作日 9:00—17:00</dd>" in where
    assert "0755-12333" in where
    assert "深圳市社会保障服务热线" in where
    methods = section(html, "checklist-methods")
    assert "银行转账" in methods and "城市政务服务APP" in methods
    assert "现金缴费" not in methods


def test_a_text_not_translated_is_marked_english_on_the_chinese_checklist(client, shenzhen):
    Office.objects.filter(pk=shenzhen.pk).update(name_zh_hans=None)
    html = page_of(client, "/zh-hans" + CITY)
    assert '<strong lang="en">Futian service hall</strong>' in html


def test_items_not_needed_or_not_available_here_are_left_out(client, shenzhen):
    national = page_of(client, GUIDE + "checklist/")
    assert "Payment notice or relevant payment certificate (if any)" in boxes(national)
    assert "Cash payment" in national

    city = page_of(client, CITY)
    # Shenzhen issues no paper payment notices; Guangdong's counters take no cash.
    assert "Payment notice" not in city
    assert "Cash payment" not in city
    assert "Not needed in" not in city and "Not available in" not in city
    assert "c-checklist__item--not-needed" not in city  # nothing struck through


@pytest.mark.parametrize(
    ("prefix", "note"),
    [
        ("", "Other materials that may be needed (depending on local requirements)"),
        ("/zh-hans", "其他可能需要的材料（以当地要求为准）"),
    ],
)
@pytest.mark.parametrize("path", ["checklist/", "440000/440300/checklist/"])
def test_other_materials_that_may_be_needed_is_a_note_not_a_box(
    client, shenzhen, prefix, note, path
):
    html = page_of(client, prefix + GUIDE + path)
    assert note not in boxes(html)
    assert '<p class="c-checklist-page__note"><strong>' in html
    assert re.search(r'<p class="c-checklist-page__note">.*?<span>' + re.escape(note), html)


def test_a_national_checklist_has_no_offices_but_the_ways_to_pay(client, shenzhen):
    html = page_of(client, GUIDE + "checklist/")
    assert len(boxes(html)) == 3
    assert 'id="checklist-where"' not in html
    assert "Futian service hall" not in html
    assert 'id="checklist-methods"' in html and "Cash payment" in html


def test_a_city_without_offices_or_hotlines_says_so(client, shenzhen):
    assert Hotline.objects.filter(region=GUANGDONG).exists()
    Office.objects.filter(region=SHENZHEN).delete()
    Hotline.objects.filter(region=SHENZHEN).delete()
    where = section(page_of(client, CITY), "checklist-where")
    assert "No offices or designated banks are listed for Shenzhen yet" in where
    # Hotlines come from the nearest region that lists any, and say so.
    assert "We list no hotline for Shenzhen yet. These are Guangdong’s." in where
    assert '<a href="tel:12333">12333</a>' in where


def test_the_boxes_are_real_labelled_checkboxes_and_clear_ticks_resets_them(client, shenzhen):
    html = page_of(client, CITY)
    for number in (1, 2, 3):
        assert (
            f'<input class="c-checklist__box" type="checkbox" id="checklist-item-{number}"' in html
        )
        assert f'<label class="c-checklist__label" for="checklist-item-{number}"' in html
    # A form only for its reset button: nothing is ever submitted.
    form = html.split('<form class="c-checklist-form"', 1)[1].split("</form>", 1)[0]
    assert "action=" not in form.split(">", 1)[0] and 'type="submit"' not in form
    assert "name=" not in form  # and the boxes could not be sent if it were
    assert '<button class="c-button c-button--secondary" type="reset">Clear ticks</button>' in form
    assert 'src="/static/js/checklist.js"' in html


def test_the_page_kept_for_everyone_holds_no_day_and_no_visitors_data(client, shenzhen):
    at = datetime.datetime(2027, 3, 5, 2, tzinfo=datetime.UTC)  # 10:00 in China
    with time_machine.travel(at):
        first = client.get(CITY)
    html = first.content.decode()
    for written in ("5 March 2027", "March 5", "2027-03-05", "2027年3月5日", "3月5日"):
        assert written not in html
    # The paper has a blank for the day, and the page's own address for the browser to print.
    assert "Printed from" in html and "<span data-printed-date>____________</span>" in html
    assert f'data-url="http://testserver{CITY}"' in html
    assert "csrfmiddlewaretoken" not in html and not first.cookies

    # Another visitor, with a region remembered and a tracker on the link, is given the
    # very same page, from the cache.
    other = Client(headers={"cookie": "portal_region=440300"})
    later = time_machine.travel(at + datetime.timedelta(minutes=2))
    with later, CaptureQueriesContext(connection) as queries:
        second = other.get(CITY + "?utm_source=wechat")
    assert len(queries) == 0
    assert second.content == first.content


@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
def test_the_checklist_keeps_its_query_budget(client, shenzhen, prefix):
    # Offices, hotlines and ways to pay come with the region's variations: no query more.
    queries = cold_queries(client, prefix + CITY)
    assert queries <= QUERY_BUDGETS[CITY]
    for number in range(10):
        office(SHENZHEN, f"Office {number}")
    assert cold_queries(client, prefix + CITY) == queries


def test_the_checklist_is_valid_html(client, shenzhen, html_validator):
    urls = [GUIDE + "checklist/", CITY, "/zh-hans" + GUIDE + "checklist/", "/zh-hans" + CITY]
    assert html_validator({url: page_of(client, url) for url in urls}) == []
