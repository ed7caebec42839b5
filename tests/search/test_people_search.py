"""Search for the words people type: short forms and synonyms editors keep, place names,
typos, question words; and what it tells editors it could not find. On whichever database
the suite runs on (CI runs it on both)."""

import html
import re

import pytest
from django.db import connection
from django.test import Client

from search.indexing import rebuild
from search.models import MissedSearch, Synonym
from tests.factories import load_shipped_content, office
from tests.search.test_search import results

GUIDE = "/guides/where-to-pay-social-security/"


@pytest.fixture
def seeded(social_insurance_law, regions):
    load_shipped_content()
    rebuild()


def chinese_results(client, **params) -> list[tuple[str, str]]:
    html = client.get("/zh-hans/search/", params).content.decode()
    found = re.findall(r'<h3 class="c-results__title"><a href="([^"]*)">([^<]*)</a>', html)
    return [(title, url) for url, title in found]


# Twenty realistic queries, as citizens typed them when the site was tried, and the page
# each should find first.
CHINESE = [
    ("社保", "/zh-hans" + GUIDE),  # the everyday word for 社会保险
    ("社保卡", "/zh-hans" + GUIDE),
    ("深圳 社保", "/zh-hans" + GUIDE + "440000/440300/"),  # a place: its rules
    ("灵活就业 深圳", "/zh-hans/guides/flexible-workers/440000/440300/"),
    ("上海灵活就业", "/zh-hans/guides/flexible-workers/310000/"),
    ("医保", "/zh-hans/guides/urban-rural-residents/"),
    ("滞纳金", "/zh-hans/calculators/late-payment-fee/"),
    ("缴费基数", "/zh-hans/figures/"),
    ("城乡居民 缴费", "/zh-hans/guides/urban-rural-residents/"),
    ("居民医保", "/zh-hans/guides/urban-rural-residents/"),
]
ENGLISH = [
    ("late payment", "/calculators/late-payment-fee/"),
    ("late fee", "/calculators/late-payment-fee/"),  # which the no-results page suggests
    ("work injury", "/guides/employees/"),
    ("unemployment", "/guides/employees/"),
    ("how much", "/calculators/flexible-worker/"),
    ("how to pay", GUIDE),
    ("maternaty", "/guides/employees/"),  # a typo
    ("contribusion base", "/figures/"),  # a typo
    ("check my records", "/guides/employees/"),  # "…and how do I check it?"
    ("bank transfer", GUIDE + "#step-3"),
]


@pytest.mark.parametrize(("query", "first"), CHINESE)
def test_chinese_queries_find_their_page_first(client, seeded, query, first):
    found = chinese_results(client, q=query)
    assert found, f"{query}: nothing"
    assert found[0][1] == first


@pytest.mark.parametrize(("query", "first"), ENGLISH)
def test_english_queries_find_their_page_first(client, seeded, query, first):
    found = results(client, q=query)
    assert found, f"{query}: nothing"
    assert found[0][1] == first


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("pension", {"/guides/flexible-workers/", "/guides/urban-rural-residents/"}),
        ("self-employed", {"/guides/flexible-workers/", "/calculators/flexible-worker/"}),
        ("养老金", {"/zh-hans/guides/flexible-workers/", "/zh-hans/guides/urban-rural-residents/"}),
        ("paymnet method", {GUIDE, GUIDE + "#step-3"}),  # a typo
    ],
)
def test_words_with_several_answers_find_one_of_them_first(client, seeded, query, wanted):
    """The databases rank these pages differently (bm25, ts_rank); each is a right answer."""
    prefix = "/zh-hans" if "/zh-hans/" in next(iter(wanted)) else ""
    html = client.get(f"{prefix}/search/", {"q": query}).content.decode()
    links = re.findall(r'<h3 class="c-results__title"><a href="([^"]*)"', html)
    assert links and links[0] in wanted, links[:3]


def test_a_synonym_an_editor_adds_works_at_once(client, seeded, editor_client):
    assert results(client, q="zhinajin") == []
    response = editor_client.post(
        "/admin/search/synonym/add/",
        {"term": "zhinajin", "means": "滞纳金, late payment fee", "note": "Pinyin."},
    )
    assert response.status_code == 302
    assert results(client, q="zhinajin")[0][1] == "/calculators/late-payment-fee/"
    Synonym.objects.filter(term="zhinajin").delete()
    assert results(client, q="zhinajin") == []


def test_regional_staff_cannot_change_the_synonyms(seeded, shenzhen_staff):
    client = Client()
    client.force_login(shenzhen_staff)
    assert client.get("/admin/search/synonym/").status_code == 403
    assert client.get("/admin/search/missedsearch/").status_code == 403


def test_a_place_in_the_query_narrows_to_its_rules_and_says_so(client, seeded):
    html = client.get("/search/", {"q": "深圳 社保"}).content.decode()
    assert "Including the local rules of Shenzhen, Guangdong, which your search names." in html
    assert 'href="?q=%E7%A4%BE%E4%BF%9D&amp;kind="' in html  # the same search, everywhere
    links = re.findall(r'<h3 class="c-results__title"><a href="([^"]*)"', html)
    assert links
    # Guides as they read in Shenzhen, and Guangdong's rules that hold there too.
    assert all("/guides/" not in link or "/440000/" in link for link in links)
    # A district leads to its city.
    assert chinese_results(client, q="宝安 社保")[0][1] == "/zh-hans" + GUIDE + "440000/440300/"


def test_a_city_search_lists_its_own_offices_not_its_provinces(client, seeded):
    office("440000", "Provincial service hall")
    office("440300", "Futian service hall")
    rebuild()
    titles = [title for title, _ in results(client, q="service hall", region="440000/440300")]
    assert any("Futian service hall" in title for title in titles)
    assert not any("Provincial service hall" in title for title in titles)
    titles = [title for title, _ in results(client, q="service hall", region="440000")]
    assert any("Provincial service hall" in title for title in titles)


def test_a_typo_shows_the_results_of_the_word_meant_and_says_so(client, seeded):
    html = client.get("/search/", {"q": "paymnet method"}).content.decode()
    assert "No results for “paymnet method”. Showing results for “payment method” instead." in (
        re.sub(r"</?strong>", "", html)
    )


def test_local_results_are_in_citizens_words(client, seeded):
    titles = [title for title, _ in results(client, q="Shenzhen")]
    assert titles
    assert not any("Replace the step" in title or "Add a local" in title for title in titles)


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        ("zebra crossing", "zebra crossing"),
        ("my id 440301199001011234 zebra", "my id … zebra"),
        ("zebra ４４０３０１１９９００１０１", "zebra …"),
        ("call 13800138000 or mail someone@example.org", "call … or mail …"),
    ],
)
def test_searches_that_find_nothing_are_kept_without_personal_data(client, seeded, query, kept):
    assert results(client, q=query) == []
    assert list(MissedSearch.objects.values_list("query", "language", "times")) == [(kept, "en", 1)]


def test_editors_read_the_searches_that_found_nothing(seeded, editor_client):
    Client().get("/zh-hans/search/", {"q": "斑马线"})
    Client().get("/search/", {"q": "zebra crossing"})
    html = editor_client.get("/admin/search/missedsearch/").content.decode()
    assert "斑马线" in html and "zebra crossing" in html
    assert 'href="/zh-hans/search/?q=%E6%96%91%E9%A9%AC%E7%BA%BF"' in html
    assert editor_client.get("/admin/search/missedsearch/add/").status_code == 403


def test_a_search_that_finds_something_is_not_kept(client, seeded):
    assert results(client, q="社保")
    assert not MissedSearch.objects.exists()


def test_snippets_begin_and_end_between_words(seeded):
    """Every entry's snippet, for words found in it, starts and ends where a word does."""
    from django.utils.html import strip_tags

    from search.models import Entry
    from search.views import snippet

    checked = 0
    for entry in Entry.objects.exclude(body=""):
        body = entry.body.strip()
        for word in ("payment", "contribution", "employer", "社会保险", "缴费"):
            if word not in body:
                continue
            shown = html.unescape(strip_tags(snippet(body, [word])))
            passage = shown.removeprefix("…").removesuffix("…")
            at = body.find(passage)
            assert at != -1, shown
            before = body[at - 1] if at else " "
            after = body[at + len(passage)] if at + len(passage) < len(body) else " "
            assert not (before.isascii() and before.isalnum()), (entry.key, shown[:40])
            assert not (after.isascii() and after.isalnum()), (entry.key, shown[-40:])
            checked += 1
    assert checked > 50


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own stop words")
def test_the_stop_words_a_query_drops_are_postgresqls(db):
    from search.text import ENGLISH_STOP_WORDS

    with connection.cursor() as cursor:
        for word in sorted(ENGLISH_STOP_WORDS):
            cursor.execute("SELECT to_tsvector('english', %s)::text", [word])
            assert cursor.fetchone()[0] == "", word
