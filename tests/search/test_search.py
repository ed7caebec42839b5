"""Search as citizens use it, on whichever database the suite runs on."""

import datetime
import io
import re
from urllib.parse import unquote

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from guides.models import Guide, VersionCitation
from guides.publishing import publish, withdraw
from local.models import GUIDE_CHANGES, Hotline
from search.indexing import rebuild
from search.models import Entry
from tests.factories import load_shipped_content
from tests.queries import cold_queries


@pytest.fixture
def seeded(social_insurance_law, regions):
    load_shipped_content()
    rebuild()  # on_commit hooks do not run inside a test's transaction


def results(client, **params) -> list[tuple[str, str]]:
    """(title, link) of each result on the page."""
    response = client.get("/search/", params)
    assert response.status_code == 200
    found = re.findall(
        r'<h3 class="c-results__title"><a href="([^"]*)">([^<]*)</a>', response.content.decode()
    )
    return [(title, url) for url, title in found]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("bank transfer", "/guides/where-to-pay-social-security/#step-3"),
        ("photocopy", "/guides/where-to-pay-social-security/#step-2"),
        ("滞纳金", "/calculators/late-payment-fee/"),  # the calculator, which cites Article 86
        # The employees' guide step that explains it, then the paragraph itself.
        ("force majeure", "/guides/employees/#step-3"),
    ],
)
def test_each_question_finds_its_answer_first(client, seeded, query, first):
    assert results(client, q=query)[0][1] == first


def test_flexibly_employed_finds_the_law_on_them_and_their_guide(client, seeded):
    links = [link for _, link in results(client, q="灵活就业人员")]
    # Their guide first; then, among the law, the paragraphs the guides cite: Articles 10,
    # 58, 23 and 60 speak of them.
    assert links[0] == "/guides/flexible-workers/"
    law = [link for _, link in results(client, q="灵活就业人员", kind="law")]
    assert "/laws/social-insurance-law/article/60/#p2" in law[:5]


def test_results_say_what_they_are_and_mark_the_words(client, seeded):
    html = client.get("/search/", {"q": "bank transfer"}).content.decode()
    assert "1 result for “bank transfer”" in html
    assert "<mark>bank</mark>" in html.lower()
    law = client.get("/search/", {"q": "滞纳金"}).content.decode()
    assert '<p class="c-results__snippet" lang="zh-Hans">' in law
    assert "<mark>滞纳金</mark>" in law


def test_a_law_result_keeps_its_chinese_and_its_english_in_elements_of_their_own(client, seeded):
    english = client.get("/search/", {"q": "force majeure"}).content.decode()
    items = [item.split("</li>")[0] for item in english.split('<li class="c-results__item">')[1:]]
    first = next(item for item in items if "/laws/" in item)  # the first law result
    chinese_part = re.search(r'<p class="c-results__snippet" lang="zh-Hans">(.*?)</p>', first, re.S)
    assert chinese_part and not re.search("[A-Za-z]{3}", re.sub("<[^>]+>", "", chinese_part[1]))
    assert "不可抗力" in chinese_part[1] or "…" in chinese_part[1]
    assert 'Unofficial translation</strong> <span lang="en">' in first
    english_part = re.search(r'<span lang="en">(.*?)</span></p>', first, re.S)[1]
    assert "<mark>force</mark> <mark>majeure</mark>" in english_part.lower()
    assert not re.search("[\u4e00-\u9fff]", english_part)
    # A Chinese page shows the translation only where the words searched are in it.
    chinese = client.get("/zh-hans/search/", {"q": "滞纳金"}).content.decode()
    assert '<span lang="en">' not in chinese
    assert '<p class="c-results__snippet" lang="zh-Hans">' in chinese
    found_in_english = client.get("/zh-hans/search/", {"q": "force majeure"}).content.decode()
    law_results = [item for item in found_in_english.split('<li class="c-results__item">')[1:]
                   if "/laws/" in item]  # fmt: skip
    assert "非官方译文" in law_results[0]


def test_filters_by_kind(client, seeded):
    assert results(client, q="bank transfer", kind="law") == []
    # Only the employees' guide and its step that explains it: not the calculator or the law.
    assert [link for _, link in results(client, q="滞纳金", kind="guides")] == [
        "/guides/employees/",
        "/guides/employees/#step-5",
    ]
    assert results(client, q="滞纳金", kind="law")[0][0] == "Article 86, paragraph 1"


def test_a_chosen_regions_rules_are_included_and_marked(client, seeded):
    # Without a region, only the national services: local rules only with a region.
    national = [
        ("National: The 掌上12333 app of the Ministry of Human Resources and Social Security",
         "/regions/#services"),
        ("National: The national social security service hotline", "/regions/#services"),
        ("National: The national social insurance public service platform", "/regions/#services"),
    ]  # fmt: skip
    assert sorted(results(client, q="12333")) == sorted(national)
    html = client.get("/search/", {"q": "12333", "region": "440000/440300"}).content.decode()
    assert "Shenzhen: Shenzhen social security hotline: 0755-12333" in html
    assert '<strong class="c-tag c-tag--local">Local rule</strong>' in html
    assert "Including the local rules of Shenzhen, Guangdong." in html
    # The province's rules apply in the city too; another province's do not.
    assert "Guangdong: Social security service hotline: 12333" in html
    assert sorted(results(client, q="12333", region="330000")) == sorted(national)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "   "},
        {"q": "!!! ??? 。，"},
        {"q": "bank " * 2000},
        {"q": "' OR 1=1; DROP TABLE search_entry; --"},
        {"q": 'bank" OR "x* NEAR(a b)'},
        {"q": "<script>alert(1)</script>"},
        {"q": "bank", "page": "abc"},
        {"q": "bank", "page": "99999"},
        {"q": "bank", "kind": "nonsense"},
        {"q": "bank", "region": "999999/1"},
    ],
)
def test_odd_queries_get_a_normal_page(client, seeded, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html


def test_punctuation_only_is_explained_and_no_results_suggest_what_to_try(client, seeded):
    html = client.get("/search/", {"q": "!!!"}).content.decode()
    assert "has no words to search for" in html
    html = client.get("/search/", {"q": "zebra"}).content.decode()
    assert "No results for “zebra”" in html
    suggested = re.findall(r'<li>“<a href="\?q=([^"]+)" lang="en">', html)
    assert suggested, "no suggestion offered"
    # Each suggestion finds something, in both languages.
    for link in re.findall(r'href="\?q=([^"&]+)"', html.split("Try:", 1)[1]):
        assert results(client, q=unquote(link)), unquote(link)


def test_results_are_paginated(client, seeded):
    first = results(client, q="社会保险")
    assert len(first) == 10
    html = client.get("/search/", {"q": "社会保险", "page": 2}).content.decode()
    assert '<ol class="c-results" start="11"' in html
    assert 'rel="prev"' in html
    assert set(results(client, q="社会保险", page=2)).isdisjoint(first)


def test_the_search_page_costs_a_fixed_number_of_queries(client, seeded):
    queries = cold_queries(client, "/search/", q="社会保险", region="440000/440300")
    # The synonyms, the regions and districts (a place named in the query), the region, the
    # count, the page of ids, the entries, and (storing the page in the cache) the time of
    # the next scheduled publication.
    assert queries <= 8


def test_the_index_follows_publication(client, seeded, django_capture_on_commit_callbacks):
    guide = Guide.objects.get(slug="where-to-pay-social-security")
    step = guide.steps.get(position=3)
    step.title = "Choose how to pay with Alipay"
    with django_capture_on_commit_callbacks(execute=True):
        step.save()
    assert results(client, q="alipay") == []  # saved, not yet published
    with django_capture_on_commit_callbacks(execute=True):
        publish(guide=guide, user=None, change_note="Alipay.", major=False)
    assert results(client, q="alipay")[0][1] == "/guides/where-to-pay-social-security/#step-3"

    hotline = Hotline.objects.get(region_id="440300")
    with django_capture_on_commit_callbacks(execute=True):
        hotline.is_live = False
        hotline.save()
    assert results(client, q="0755", region="440000/440300") == []

    with django_capture_on_commit_callbacks(execute=True):
        withdraw(guide=guide)
    assert results(client, q="alipay") == []
    assert results(client, q="bank transfer") == []  # none of the guide is left


def test_a_scheduled_version_is_searched_once_its_time_has_come(
    client, seeded, django_capture_on_commit_callbacks
):
    """Nothing is written when a scheduled version goes live: index_scheduled, run from cron,
    brings the index up to date."""
    guide = Guide.objects.get(slug="where-to-pay-social-security")
    step = guide.steps.get(position=3)
    step.title = "Choose how to pay with Alipay"
    step.save()
    at = timezone.now() + datetime.timedelta(minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        publish(guide=guide, user=None, change_note="Alipay.", major=False, at=at)
    assert results(client, q="alipay") == []  # not yet
    out = io.StringIO()
    call_command("index_scheduled", stdout=out)
    assert results(client, q="alipay") == []  # still not: its time has not come
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        assert "Alipay" in client.get(guide.get_absolute_url()).content.decode()
        call_command("index_scheduled", stdout=out)
        assert results(client, q="alipay")[0][1] == f"{guide.get_absolute_url()}#step-3"
    assert out.getvalue().endswith("Indexed 1 guide(s) whose versions went live.\n")


def test_the_rebuild_command(seeded):
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert out.getvalue() == f"Indexed {Entry.objects.count()} entries.\n"
    assert Entry.objects.filter(kind="law").count() >= 98


def test_search_pages_are_valid_html(client, seeded, html_validator):
    pages = {
        "results": client.get("/search/", {"q": "社会保险", "region": "440000/440300"}).content,
        "none": client.get("/search/", {"q": "zebra", "kind": "law"}).content,
        "empty": client.get("/search/").content,
    }
    assert html_validator(pages) == []


def assert_index_is_as_rebuilt() -> None:
    """The index kept current by saves says what a rebuild from the content would."""
    kept = set(Entry.objects.values_list("key", "title_terms", "body_terms"))
    rebuild()
    assert kept == set(Entry.objects.values_list("key", "title_terms", "body_terms"))


def cited_law_boost() -> dict[str, list[str]]:
    """The title terms of each law paragraph entry: a cited paragraph's carry its words."""
    return dict(Entry.objects.filter(kind="law").values_list("key", "title_terms"))


def test_law_a_guide_stops_citing_loses_its_rank(seeded, django_capture_on_commit_callbacks):
    guide = Guide.objects.get(slug="where-to-pay-social-security")
    assert VersionCitation.objects.filter(version__guide=guide).exists()
    ranked = cited_law_boost()
    with django_capture_on_commit_callbacks(execute=True):
        guide.legal_basis.all().delete()
        for step in guide.steps.all():
            step.citations.all().delete()
    # The working copy's citations are nobody's to read: the law ranks as before.
    assert cited_law_boost() == ranked
    assert_index_is_as_rebuilt()
    with django_capture_on_commit_callbacks(execute=True):
        publish(guide=guide, user=None, change_note="No citations.", major=False)
    assert cited_law_boost() != ranked  # the published version cites nothing now
    assert_index_is_as_rebuilt()


def test_law_a_withdrawn_guide_cited_loses_its_rank(seeded, django_capture_on_commit_callbacks):
    guide = Guide.objects.get(slug="where-to-pay-social-security")
    ranked = cited_law_boost()
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(guide=guide)
    assert not Entry.objects.filter(guide=guide).exists()
    assert cited_law_boost() != ranked
    assert_index_is_as_rebuilt()


def test_law_a_deleted_guide_cited_loses_its_rank(seeded, django_capture_on_commit_callbacks):
    guide = Guide.objects.get(slug="where-to-pay-social-security")
    ranked = cited_law_boost()
    with django_capture_on_commit_callbacks(execute=True):
        for model in GUIDE_CHANGES:  # the local rules for its steps protect them
            model.objects.filter(step__guide=guide).delete()
        guide.delete()  # its versions outlive it, but are nobody's current version
    assert cited_law_boost() != ranked
    assert_index_is_as_rebuilt()


def test_a_deleted_guide_leaves_the_index(client, seeded, django_capture_on_commit_callbacks):
    guide = Guide.objects.get(slug="where-to-pay-social-security")
    deleted = guide.pk
    assert results(client, q="bank transfer")
    with django_capture_on_commit_callbacks(execute=True):
        for model in GUIDE_CHANGES:  # the local rules for its steps protect them
            model.objects.filter(step__guide=guide).delete()
        guide.delete()  # its versions outlive it, but are nobody's current version
    assert results(client, q="bank transfer") == []
    assert not Entry.objects.filter(kind__in=["guide", "step"], guide_id=deleted).exists()
    assert Entry.objects.filter(kind="guide").exists()  # the other guides stay
