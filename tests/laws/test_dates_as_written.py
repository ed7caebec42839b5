"""The "as in force on" form reads dates as people write them (issue 18), in both languages:
the ways China and the English-speaking world write a date each lead to the dated page;
1/6/2015 is asked about; every refusal says what was wrong, first on the page, with
"Error: " in the title; and nothing typed makes it fail."""

import datetime
import re

import pytest
from django.utils import timezone

from laws.dates import Unreadable, readings
from laws.forms import EARLIEST_YEAR, InForceOnForm
from tests.portal.test_page_languages import out_of_language

ARTICLE = "/laws/social-insurance-law/article/60/"
LANGUAGES = [("", "en"), ("/zh-hans", "zh-Hans")]

WRITTEN_AS = {
    "2015年6月1日": "2015-06-01",
    "2015年6月1号": "2015-06-01",
    " 2015 年 6 月 1 日 ": "2015-06-01",
    "2015年06月01日": "2015-06-01",
    "２０１５年６月１日": "2015-06-01",  # full-width digits, from a Chinese keyboard
    "２０１５－０６－０１": "2015-06-01",
    "2015-06-01": "2015-06-01",
    "2015-6-1": "2015-06-01",
    "2015/6/1": "2015-06-01",
    "2015.6.1": "2015-06-01",
    "2015.6.1.": "2015-06-01",
    "2015 6 1": "2015-06-01",
    "2015–6–1": "2015-06-01",  # the dash a word processor puts for a hyphen
    "20150601": "2015-06-01",
    "1 June 2015": "2015-06-01",
    "1st June 2015": "2015-06-01",
    "June 1, 2015": "2015-06-01",
    "1 Jun 2015": "2015-06-01",
    "13/6/2015": "2015-06-13",  # no month 13: day first
    "6/13/2015": "2015-06-13",  # month first
    "13.6.2015": "2015-06-13",
    "１３/６/２０１５": "2015-06-13",
    "5/5/2015": "2015-05-05",  # both orders, one date
    "29/2/2016": "2016-02-29",
    "1949-01-01": "1949-01-01",  # the earliest the form takes
}


def html_of(response) -> str:
    return response.content.decode()


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.DOTALL)[1]


@pytest.mark.parametrize(("prefix", "lang"), LANGUAGES)
@pytest.mark.parametrize(("typed", "iso"), WRITTEN_AS.items())
def test_each_way_of_writing_a_date_leads_to_the_dated_page(
    client, social_insurance_law, prefix, lang, typed, iso
):
    response = client.get(prefix + ARTICLE, {"on": typed})
    assert response.status_code == 302, html_of(response)[:300]
    assert response["Location"] == f"{prefix}{ARTICLE}{iso}/"


@pytest.mark.parametrize(("prefix", "lang"), LANGUAGES)
@pytest.mark.parametrize(
    ("page", "dated"),
    [
        ("/laws/social-insurance-law/", "/laws/social-insurance-law/2015-06-01/"),
        ("/laws/social-insurance-law/whole/", "/laws/social-insurance-law/whole/2015-06-01/"),
        (
            "/laws/social-insurance-law/chapter/7/",
            "/laws/social-insurance-law/chapter/7/2015-06-01/",
        ),
        (ARTICLE + "2019-01-01/", ARTICLE + "2015-06-01/"),  # from one date to another
    ],
)
def test_every_page_with_the_form_reads_dates_so(
    client, social_insurance_law, prefix, lang, page, dated
):
    response = client.get(prefix + page, {"on": "2015年6月1日"})
    assert response["Location"] == prefix + dated


def test_the_latest_date_taken_is_the_end_of_next_year(client, social_insurance_law):
    latest = datetime.date(timezone.localdate().year + 1, 12, 31)
    response = client.get(ARTICLE, {"on": latest.isoformat()})
    assert response["Location"] == f"{ARTICLE}{latest.isoformat()}/"
    assert client.get(ARTICLE, {"on": f"{latest.year + 1}-01-01"}).status_code == 400
    assert client.get(ARTICLE, {"on": f"{EARLIEST_YEAR - 1}-12-31"}).status_code == 400


# The question: which of two dates 1/6/2015 means.

QUESTION = {
    "en": ("Which date do you mean?", "could be either of these days:", "1 June 2015",
           "6 January 2015", "write it with the year first"),
    "zh-Hans": ("您指的是哪一天？", "可能是以下任一日期：", "2015年6月1日", "2015年1月6日",
                "先写年份"),
}  # fmt: skip


@pytest.mark.parametrize(("prefix", "lang"), LANGUAGES)
@pytest.mark.parametrize(
    ("typed", "day_first", "month_first"),
    [
        ("1/6/2015", "2015-06-01", "2015-01-06"),
        ("6/1/2015", "2015-01-06", "2015-06-01"),
        ("1.6.2015", "2015-06-01", "2015-01-06"),
        ("1-6-2015", "2015-06-01", "2015-01-06"),
        ("１/６/２０１５", "2015-06-01", "2015-01-06"),
        ("12/11/2015", "2015-11-12", "2015-12-11"),
    ],
)
def test_a_day_and_month_either_way_round_is_asked_about(
    client, social_insurance_law, prefix, lang, typed, day_first, month_first
):
    response = client.get(prefix + ARTICLE, {"on": typed})
    assert response.status_code == 200
    html = html_of(response)
    heading, lead, *_ = QUESTION[lang]
    assert f'<h2 class="c-notice__title" id="date-question">{heading}</h2>' in html
    assert f"“{typed}”{' ' if lang == 'en' else ''}{lead}" in html
    # Each answer is a link to its dated page (no JavaScript), day first; the question
    # comes first on the page, before its heading.
    links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', html)
    assert [url for url, _text in links[:2]] == [
        f"{prefix}{ARTICLE}{day_first}/",
        f"{prefix}{ARTICLE}{month_first}/",
    ]
    assert html.index("date-question") < html.index("<h1>")
    assert 'href="#id_on"' in html  # or write it again, in the form below
    assert f'value="{typed}"' in html
    assert not title_of(html).startswith(("Error", "错误"))
    assert "There is a problem" not in html and "出现问题" not in html
    for url, _text in links[:2]:
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(("prefix", "lang"), LANGUAGES)
def test_the_question_names_both_days_in_the_pages_language(
    client, social_insurance_law, prefix, lang
):
    html = html_of(client.get(prefix + ARTICLE, {"on": "1/6/2015"}))
    *_, day_first, month_first, again = QUESTION[lang]
    assert f'{ARTICLE}2015-06-01/">{day_first}</a>' in html
    assert f'{ARTICLE}2015-01-06/">{month_first}</a>' in html
    assert f'<a href="#id_on">{again}</a>' in html
    assert out_of_language(html, lang) == []


# What is refused, and how it is said.

LATEST = datetime.date(timezone.localdate().year + 1, 12, 31)
REFUSALS = {
    "": ("Enter a date.", "请输入日期。"),
    "   ": ("Enter a date.", "请输入日期。"),
    "yesterday": (
        "Enter a date such as 2015-06-01 or 1 June 2015.",
        "请输入日期，例如 2015-06-01 或 2015年6月1日。",
    ),
    "٢٠١٥-٠٦-٠١": (
        "Write the date in the figures 0 to 9, for example 2015-06-01.",
        "请用阿拉伯数字 0 至 9 书写日期，例如 2015-06-01。",
    ),
    "二〇一五年六月一日": (
        "Write the date in the figures 0 to 9, for example 2015-06-01.",
        "请用阿拉伯数字 0 至 9 书写日期，例如 2015-06-01。",
    ),
    "2015年6月": (
        "Enter the day as well as the month and year, for example 2015-06-01.",
        "请写出年、月、日，不要漏掉日，例如 2015年6月1日。",
    ),
    "2015-06": (
        "Enter the day as well as the month and year, for example 2015-06-01.",
        "请写出年、月、日，不要漏掉日，例如 2015年6月1日。",
    ),
    "1/6/15": (
        "Write the year in four figures, for example 2015.",
        "请用四位数字书写年份，例如 2015。",
    ),
    "99999999999999999999-1-1": (
        "Write the year in four figures, for example 2015.",
        "请用四位数字书写年份，例如 2015。",
    ),
    "1900-01-01": (
        "Enter a date from 1949 onwards: this law did not exist before then.",
        "请输入1949年及以后的日期：此前这部法律尚不存在。",
    ),
    "1948年12月31日": (
        "Enter a date from 1949 onwards: this law did not exist before then.",
        "请输入1949年及以后的日期：此前这部法律尚不存在。",
    ),
    "0000-01-01": (
        "Enter a date from 1949 onwards: this law did not exist before then.",
        "请输入1949年及以后的日期：此前这部法律尚不存在。",
    ),
    f"{LATEST.year + 1}-01-01": (
        f"Enter a date no later than 31 December {LATEST.year}: what the law will say after "
        "then is not yet known.",
        f"请输入不晚于{LATEST.year}年12月31日的日期：此后法律的内容尚不可知。",
    ),
    "9999-12-31": (
        f"Enter a date no later than 31 December {LATEST.year}: what the law will say after "
        "then is not yet known.",
        f"请输入不晚于{LATEST.year}年12月31日的日期：此后法律的内容尚不可知。",
    ),
    "2015-13-01": ("The month must be a number from 1 to 12.", "月份应为 1 至 12 之间的数字。"),
    "13/14/2015": ("The month must be a number from 1 to 12.", "月份应为 1 至 12 之间的数字。"),
    "2015-0-1": ("The month must be a number from 1 to 12.", "月份应为 1 至 12 之间的数字。"),
    "2015-2-31": (
        "February 2015 has 28 days: enter a day from 1 to 28.",
        "2015年2月有28天，日应在 1 至 28 之间。",
    ),
    "31/2/2015": (
        "February 2015 has 28 days: enter a day from 1 to 28.",
        "2015年2月有28天，日应在 1 至 28 之间。",
    ),
    "2015年2月29日": (
        "February 2015 has 28 days: enter a day from 1 to 28.",
        "2015年2月有28天，日应在 1 至 28 之间。",
    ),
    "2016-2-30": (
        "February 2016 has 29 days: enter a day from 1 to 29.",
        "2016年2月有29天，日应在 1 至 29 之间。",
    ),
    "2015-6-31": (
        "June 2015 has 30 days: enter a day from 1 to 30.",
        "2015年6月有30天，日应在 1 至 30 之间。",
    ),
    "2015-1-0": (
        "January 2015 has 31 days: enter a day from 1 to 31.",
        "2015年1月有31天，日应在 1 至 31 之间。",
    ),
    "2015-1-99999999999999999999": (
        "January 2015 has 31 days: enter a day from 1 to 31.",
        "2015年1月有31天，日应在 1 至 31 之间。",
    ),
}


@pytest.mark.parametrize(("prefix", "lang"), LANGUAGES)
@pytest.mark.parametrize(("typed", "messages"), REFUSALS.items())
def test_each_refusal_says_what_was_wrong_first_on_the_page(
    client, social_insurance_law, prefix, lang, typed, messages
):
    response = client.get(prefix + ARTICLE, {"on": typed})
    assert response.status_code == 400
    html = html_of(response)
    message = messages[0] if lang == "en" else messages[1]
    summary, error = ("There is a problem", "Error:") if lang == "en" else ("出现问题", "错误：")
    assert title_of(html).startswith(f"{error} ")
    # GOV.UK's error summary, before the page's heading, its message a link to the field
    # (which says it again).
    assert f'<h2 class="c-error-summary__title">{summary}</h2>' in html
    assert f'<li><a href="#id_on">{message}</a></li>' in html
    assert html.index("c-error-summary") < html.index("<h1>")
    assert f'<span class="u-visually-hidden">{error}</span> {message}' in html
    assert 'aria-invalid="true"' in html
    assert "real date" not in html and "有效日期" not in html
    assert out_of_language(html, lang) == []


def test_the_whole_text_and_the_statute_page_say_so_too(client, social_insurance_law):
    for page in ("/laws/social-insurance-law/", "/zh-hans/laws/social-insurance-law/whole/"):
        html = html_of(client.get(page, {"on": "2015-2-31"}))
        assert title_of(html).startswith(("Error: ", "错误： "))
        assert '<div class="c-error-summary" role="alert" tabindex="-1">' in html
        assert html.index("c-error-summary") < html.index("<h1>")


@pytest.mark.parametrize(("year", "month", "day"), [(2015, 1, 1), (2016, 1, 1), (2024, 1, 1)])
def test_no_real_date_is_refused(year, month, day):
    # Every day of a common and of a leap year, written each way.
    years = range(EARLIEST_YEAR, LATEST.year + 1)
    day = datetime.date(year, month, day)
    while day.year == year:
        y, m, d = day.year, day.month, day.day
        for text in (f"{y}-{m}-{d}", f"{y}年{m}月{d}日", f"{y}/{m:02}/{d:02}", f"{y}{m:02}{d:02}",
                     f"{d}/{m}/{y}", f"{m}/{d}/{y}", f"{d}.{m}.{y}"):  # fmt: skip
            assert day in readings(text, years=years), text
        day += datetime.timedelta(days=1)


# Whatever is typed, the page answers: a message, never a 500.

HOSTILE = [
    "9" * 10_000,  # past int()'s digit limit
    "2015-1-" + "9" * 5000,
    "-1-1-1",
    "1e10",
    "2015-06-01T00:00:00",
    "2015-06-01; DROP TABLE laws_statute",
    "<script>alert(1)</script>",
    "2015-06-01<b>",
    "%s%s%(x)s{0}",
    "𝟚𝟘𝟙𝟝-𝟘𝟞-𝟘𝟙",  # mathematical digits
    "²⁰¹⁵-⁰⁶-⁰¹",
    "2015-06-01\u202e",
    "2015\u200b-06-01",
    "1\ufe0f\u20e3/6/2015",
    "𠀀" * 100,
    "June 2015 2015 2015",
    "32/32/32",
    "０/０/００００",
]


@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
@pytest.mark.parametrize("typed", HOSTILE)
def test_hostile_input_gets_a_message(client, social_insurance_law, prefix, typed):
    response = client.get(prefix + ARTICLE, {"on": typed})
    assert response.status_code == 400
    html = html_of(response)
    assert "c-error-summary" in html
    assert "<script>alert" not in html and "<b>" not in html


@pytest.mark.parametrize("query", ["on=%00", "on=2015-06-01%00", "on=%002015-06-01"])
def test_a_nul_is_a_clear_400(client, social_insurance_law, query):
    response = client.get(f"{ARTICLE}?{query}")
    assert response.status_code == 400
    assert "the request was not understood" in html_of(response)


@pytest.mark.parametrize("typed", ["\x00", "2015-06-01\x00", "2015\x00-06-01", "9" * 10_000])
def test_the_form_itself_refuses_what_the_middleware_would(typed):
    form = InForceOnForm({"on": typed})
    assert not form.is_valid()
    assert form.errors["on"][0].startswith(("Enter a date", "Write the year"))


def test_the_parser_names_its_reasons():
    years = range(EARLIEST_YEAR, 2028)
    assert readings("1/6/2015", years=years) == (
        datetime.date(2015, 6, 1),
        datetime.date(2015, 1, 6),
    )
    for text, code in [("31/2/2015", "day"), ("2015-13-1", "month"), ("1/6/15", "year"),
                       ("٢٠١٥-٠٦-٠١", "digits"), ("June 2015", "no_day"), ("abc", "invalid"),
                       ("1900-1-1", "too_early"), ("2028-1-1", "too_late")]:  # fmt: skip
        with pytest.raises(Unreadable) as refused:
            readings(text, years=years)
        assert refused.value.code == code, text
