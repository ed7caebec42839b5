"""Budgets every public page keeps, whatever the amount of content: tests fail when exceeded."""

import gzip
import re

import pytest
from django.test import Client

from search.indexing import rebuild
from tests.conftest import ROOT
from tests.factories import load_shipped_content, make_guide, office, step_change
from tests.queries import cold_queries

GUIDE = "/guides/where-to-pay-social-security/"
# Queries for a page nobody has asked for yet (a cache miss); a cache hit makes none.
QUERY_BUDGETS = {
    "/": 4,
    "/guides/": 3,
    GUIDE: 11,
    GUIDE + "440000/440300/": 17,
    GUIDE + "440000/440300/checklist/": 12,
    # The scheme guides: a guide page's, and the figures and services their text names (one
    # query each). A guide whose steps cite the law asks once whether any of it changed since
    # the steps were checked (guides.lawchanges).
    "/guides/flexible-workers/": 10,
    "/guides/flexible-workers/310000/": 16,
    "/guides/employees/440000/440300/": 16,
    "/guides/urban-rural-residents/": 10,
    "/laws/": 2,
    "/laws/social-insurance-law/": 7,
    # An article, a chapter and the whole law also read what the text's references can lead
    # to (one query), and an article what refers to it (one).
    "/laws/social-insurance-law/article/60/": 9,
    "/laws/social-insurance-law/article/60/2015-01-01/": 9,
    "/laws/social-insurance-law/whole/": 7,  # 98 articles
    "/laws/social-insurance-law/chapter/7/2015-01-01/": 7,
    "/regions/": 10,  # which regions have local items (one query per kind), the services
    # A region's figures: the region, its figures with its province's and the nation's (one
    # query), where to ask. The national figures on a day: the figures, the regions with some.
    "/regions/310000/figures/": 3,
    "/figures/2024-01-01/": 2,
    # The questions ask nothing of the database until a region is chosen (but, as the page
    # is kept, when the next scheduled publication is, once for every page kept after a
    # change); the region step lists the provinces and their cities.
    "/answers/pay/": 1,
    "/answers/pay/flexible/": 2,
    # An answer: the region, the scheme's guide for it as a city page costs, its figures, the
    # law cited for the amounts, where to ask, and the services that take the payment.
    # (Shanghai's collector is not known here, so where to ask is read: offices, hotlines.)
    "/answers/pay/flexible/310000/not-registered/": 17,
    "/answers/pay/employee/440300/": 18,
    # The calculators: the regions that have figures (for the chooser), the chosen region,
    # its figures, the law cited and the next scheduled publication (how long to keep the
    # page); the late fee needs no region.
    "/calculators/flexible-worker/?region=310000&base=8000": 5,
    "/calculators/resident/?region=110000&amount=2000&years=15": 5,
    "/calculators/late-payment-fee/?owed=10000&deadline=2024-02-28&paid=2024-03-01": 2,
    # With the published versions of the guides it changes, and the services that serve it.
    "/regions/440000/440300/": 10,
    # The synonyms, the regions and districts (to read place names in the query), the
    # region, the count, the page of ids, the entries, the next scheduled publication.
    "/search/?q=社会保险&region=440000/440300": 8,
    # Guides, the regions with local items (one query per kind), statutes and their articles,
    # the regions with figures, for their figures and their answers.
    "/sitemap.xml": 18,
}
# The same pages in Chinese keep the same budgets: a column per language, no extra query.
QUERY_BUDGETS |= {
    "/zh-hans" + url: count for url, count in QUERY_BUDGETS.items() if url != "/sitemap.xml"
}
HTML_BUDGET = 60 * 1024  # bytes of a guide page, uncompressed
ASSET_BUDGET = 20 * 1024  # bytes of all CSS, and of all JavaScript, gzipped


@pytest.fixture
def seeded(social_insurance_law, regions):
    load_shipped_content()
    rebuild()


def test_public_pages_keep_their_query_budgets_whatever_the_content(seeded):
    small = {url: cold_queries(Client(), url) for url in QUERY_BUDGETS}
    # Much more content: guides, steps and local variations.
    for number in range(15):
        guide = make_guide(steps=20, slug=f"more-{number}")
        step_change("440300", guide.steps.first(), "note", f"Note {number}.")
        office("440300", f"Office {number}")
    rebuild()
    large = {url: cold_queries(Client(), url) for url in QUERY_BUDGETS}
    assert large == small
    over = {url: (count, QUERY_BUDGETS[url]) for url, count in large.items()
            if count > QUERY_BUDGETS[url]}  # fmt: skip
    assert over == {}


@pytest.mark.parametrize(
    "url",
    [GUIDE, GUIDE + "440000/440300/", "/zh-hans" + GUIDE, "/zh-hans" + GUIDE + "440000/440300/"],
)
def test_a_guide_page_weighs_under_60_kb(client, seeded, url):
    size = len(client.get(url).content)
    assert size < HTML_BUDGET, f"{url}: {size} bytes"


@pytest.mark.parametrize("suffix", ["css", "js"])
def test_css_and_javascript_each_stay_under_20_kb_compressed(suffix):
    files = sorted((ROOT / "static").glob(f"**/*.{suffix}"))
    assert files
    compressed = len(gzip.compress(b"".join(path.read_bytes() for path in files), 9))
    assert compressed < ASSET_BUDGET, f"{suffix}: {compressed} bytes gzipped"


def test_pages_ask_nothing_of_third_parties(client, seeded):
    for url in QUERY_BUDGETS:
        html = client.get(url).content.decode()
        loads = re.findall(
            r'<(?:script|img|link|iframe|source)\b[^>]*\b(?:src|href)="([^"]+)"', html
        )
        foreign = [link for link in loads if re.match(r"(https?:)?//", link)
                   and not link.startswith("http://testserver/")]  # fmt: skip
        assert foreign == [], url
