"""Region pages: every region, and what differs from the national guidance in one."""

import json
import re

import pytest

from tests.factories import (
    GUANGDONG,
    SHENZHEN,
    hotline,
    make_guide,
    material_change,
    office,
    step_change,
    steps_of,
)
from tests.queries import cold_queries


def page_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def local_rules(guide):
    steps = steps_of(guide)
    step_change(GUANGDONG, steps["procedure"], "replace", "Guangdong procedure.")
    step_change(SHENZHEN, steps["procedure"], "replace", "Shenzhen procedure.")
    step_change(GUANGDONG, steps["policy"], "note", "Guangdong note.")
    material_change(
        SHENZHEN, steps["materials"], "not_needed", material=steps["materials"].materials.get()
    )
    office(GUANGDONG, "Provincial service hall")
    hotline(SHENZHEN, "0755-12333")
    return guide


def test_the_index_lists_every_region_and_marks_those_with_local_information(client, local_rules):
    html = page_of(client, "/regions/")
    assert len(re.findall(r'href="/regions/[0-9]', html)) == 31 + 333 + 32
    assert 'href="/regions/440000/440300/">Shenzhen <span lang="zh-Hans">深圳市</span>' in html
    assert html.count('<strong class="c-tag c-tag--local">Local information</strong>') == 3


def test_a_city_page_lists_what_differs_there_including_its_provinces_rules(client, local_rules):
    html = page_of(client, "/regions/440000/440300/")
    assert "<h1>Local rules in Shenzhen, Guangdong" in html
    assert "Shenzhen procedure." in html
    assert "Guangdong procedure." not in html  # overridden by the city
    assert "Guangdong note." in html
    assert "Original of item 2: not needed here" in html
    assert 'href="/guides/test-guide/440000/440300/#step-4"' in html
    assert "Provincial service hall" not in html  # the province's counters are its own
    assert "0755-12333" in html


def test_a_province_page_lists_its_own_rules_and_its_cities(client, local_rules):
    html = page_of(client, "/regions/440000/")
    assert "Guangdong procedure." in html
    assert "Shenzhen procedure." not in html
    assert html.count('href="/regions/440000/44') == 21


def test_a_region_without_local_information_says_so(client, local_rules):
    html = page_of(client, "/regions/110000/")
    assert "We have no local information for Beijing yet" in html
    assert 'href="/guides/test-guide/110000/"' in html


@pytest.mark.parametrize("path", ["999999/", "440300/", "330000/440300/", "44/", "440000/x/"])
def test_unknown_and_mismatched_regions_are_404(client, regions, path):
    assert client.get("/regions/" + path).status_code == 404


def test_region_pages_cost_a_fixed_number_of_queries(client, local_rules):
    before = cold_queries(client, "/regions/440000/440300/")
    step_change(SHENZHEN, steps_of(local_rules)["records"], "note", "Records note.")
    for number in range(20):
        office(SHENZHEN, f"Office {number}")
        hotline(GUANGDONG, f"1233{number}")
    assert cold_queries(client, "/regions/440000/440300/") == before


def test_the_type_ahead_data_has_every_region_in_both_languages(client, regions):
    response = client.get("/regions/index.json")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    rows = json.loads(response.content)["regions"]
    assert len(rows) == 31 + 333 + 32
    assert ["440300", "440000", "深圳市", "Shenzhen"] in rows


def test_the_sitemap_lists_regions_and_the_local_guides_that_differ(client, local_rules):
    xml = page_of(client, "/sitemap.xml")
    assert "<loc>http://testserver/regions/440000/440300/</loc>" in xml
    assert "<loc>http://testserver/guides/test-guide/440000/440300/</loc>" in xml
    assert "<loc>http://testserver/guides/test-guide/110000/</loc>" not in xml


def test_region_and_local_guide_pages_are_valid_html(client, local_rules, html_validator):
    urls = [
        "/regions/",
        "/regions/440000/",
        "/regions/440000/440300/",
        "/regions/110000/",
        "/guides/test-guide/",
        "/guides/test-guide/440000/440300/",
        "/guides/test-guide/440000/",
        "/guides/test-guide/110000/",
        "/guides/test-guide/440000/440300/checklist/",
    ]
    urls += ["/zh-hans" + url for url in urls]
    assert html_validator({url: page_of(client, url) for url in urls}) == []


def test_a_regions_changes_are_grouped_by_step_in_plain_words(client, local_rules):
    steps = steps_of(local_rules)
    step_change(SHENZHEN, steps["policy"], "note", "Shenzhen note.")
    material_change(SHENZHEN, steps["materials"], "add", name="Residence permit")
    html = page_of(client, "/regions/440000/440300/")
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    # Step 1 has two notes (the province's and the city's) under one heading.
    assert text.count("Step 1, Step 1") == 1
    assert text.count("Local note") == 2
    assert "Local text for this step Shenzhen procedure." in text
    assert "Also bring: Residence permit" in text


def test_a_region_with_nothing_local_lists_a_few_guides_not_all(client, regions):
    for number in range(12):
        make_guide(steps=1, slug=f"guide-{number}")
    html = page_of(client, "/regions/110000/")
    assert html.count('href="/guides/guide-') == 10
    assert 'href="/guides/">All guides</a>' in html
