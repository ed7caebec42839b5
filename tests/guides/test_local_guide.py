"""A guide for a province or a city, the region chooser and its cookie, as citizens see them."""

import re

import pytest

from guides.publishing import withdraw
from local.models import Service, Status
from tests.factories import (
    GUANGDONG,
    SHENZHEN,
    hotline,
    material_change,
    method_change,
    office,
    provenance,
    step_change,
    steps_of,
)
from tests.queries import cold_queries

CITY = "/guides/test-guide/440000/440300/"
PROVINCE = "/guides/test-guide/440000/"


def page_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def section(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


@pytest.fixture
def localized(guide):
    """Guangdong and Shenzhen each change the guide; only Guangdong lists an office."""
    steps = steps_of(guide)
    step_change(GUANGDONG, steps["policy"], "note", "Guangdong sets the rates each year.")
    step_change(GUANGDONG, steps["procedure"], "replace", "Guangdong procedure.")
    step_change(SHENZHEN, steps["procedure"], "replace", "Shenzhen procedure.")
    material = steps["materials"].materials.get()
    material_change(SHENZHEN, steps["materials"], "not_needed", material=material)
    material_change(GUANGDONG, steps["materials"], "add", name="residence permit", original=True)
    cash = steps["methods"].payment_methods.get()
    method_change(GUANGDONG, steps["methods"], "unavailable", method=cash, notes="Cards only.")
    method_change(
        SHENZHEN, steps["methods"], "add", kind="mobile", name="City app", description="use it"
    )
    office(GUANGDONG, "Provincial service hall")
    hotline(SHENZHEN, "0755-12333")
    return guide


def test_a_city_page_applies_the_province_then_the_city_and_marks_each(client, localized):
    html = page_of(client, CITY)
    assert "Showing Shenzhen, Guangdong" in html
    assert '<span lang="zh-Hans">广东省深圳市</span>' in html

    policy = section(html, 'id="step-1"', 'id="step-2"')
    assert "Body of step <strong>1</strong>" in policy  # national text kept
    assert "Guangdong: local note" in policy
    assert "Guangdong sets the rates each year." in policy

    procedure = section(html, 'id="step-4"', 'id="step-5"')
    assert "Shenzhen procedure." in procedure  # the city wins over the province
    assert "Guangdong procedure." not in procedure
    assert "Shenzhen: local guidance" in procedure
    assert "<summary>National guidance for this step</summary>" in procedure

    materials = section(html, 'id="step-2"', 'id="step-3"')
    assert "c-checklist__item--not-needed" in materials
    assert "Not needed in Shenzhen" in materials  # shown as such, not hidden
    assert "Original of residence permit" in materials
    assert "Added in Guangdong" in materials

    methods = section(html, 'id="step-3"', 'id="step-4"')
    assert methods.count("Not available in Guangdong") == 1  # each method once
    assert "Cards only." in methods
    assert "Added in Shenzhen" in methods

    # Every local item says who checked it, when, and on what source.
    # (Guangdong's office is on Guangdong's page only.)
    assert html.count("Last verified 2 November 2026 by <span>Test team</span>.") == 7
    assert 'href="https://hrss.example.gov.cn/notice"' in html


def test_a_city_lists_its_own_offices_only_with_its_hotline_and_the_online_service(
    client, localized
):
    Service.objects.create(region=None, kind="si_platform", name="the national platform",
                           url="https://si.12333.gov.cn/", **provenance())  # fmt: skip
    html = page_of(client, CITY)
    contacts = html.split('id="offices"', 1)[1]
    # Guangdong's counters do not serve Shenzhen: none is listed as if it did.
    assert "Provincial service hall" not in contacts
    assert "We have no offices or designated banks listed for Shenzhen, Guangdong yet." in contacts
    assert 'href="https://si.12333.gov.cn/"' in contacts
    assert 'href="tel:0755-12333"' in contacts
    assert "We list no hotline" not in contacts
    # The province's own page lists them.
    assert "Provincial service hall" in page_of(client, PROVINCE).split('id="offices"', 1)[1]


def test_the_province_page_has_only_the_provinces_changes(client, localized):
    html = page_of(client, PROVINCE)
    assert "Showing Guangdong" in html
    assert "Guangdong procedure." in section(html, 'id="step-4"', 'id="step-5"')
    assert "Shenzhen" not in section(html, 'id="main-content"', 'id="region-chooser"')


def test_the_page_links_to_the_national_version_and_the_regions_differences(client, localized):
    html = page_of(client, CITY)
    banner = section(html, 'class="c-notice c-region-banner"', "</div>")
    assert (
        '<details class="c-region-details u-no-print" id="region-chooser">' in banner
    )  # opens in place
    assert 'href="/guides/test-guide/region/?clear=1"' in banner
    assert 'href="/regions/440000/440300/"' in banner
    canonical = '<link rel="canonical" href="http://testserver/guides/test-guide/440000/440300/">'
    assert canonical in html
    assert 'href="/guides/test-guide/440000/440300/checklist/"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/guides/test-guide/999999/",  # no such region
        "/guides/test-guide/440300/",  # a city without its province
        "/guides/test-guide/330000/440300/",  # a city under another province
        "/guides/test-guide/440000/440000/",
        "/guides/test-guide/110000/440300/",
        "/guides/no-such-guide/440000/440300/",
        "/guides/test-guide/440000/440300/x/",
        "/guides/test-guide/44000/",
        "/guides/test-guide/999999/checklist/",
    ],
)
def test_unknown_or_mismatched_regions_are_404(client, guide, path):
    assert client.get(path).status_code == 404


def test_an_unpublished_guide_is_404_for_every_region(client, localized):
    assert client.get(CITY).status_code == 200
    withdraw(guide=localized)
    assert client.get(CITY).status_code == 404
    assert client.get(PROVINCE).status_code == 404
    assert client.get(CITY + "checklist/").status_code == 404


def test_a_region_without_local_information_shows_the_national_guidance(client, localized):
    html = page_of(client, "/guides/test-guide/110000/")  # Beijing
    assert "Showing Beijing" in html
    assert "We have no local information for Beijing yet" in html
    assert "c-local" not in section(html, "Step by step", 'id="offices"')
    assert "We have no offices or designated banks listed for Beijing yet." in html
    # Its content is the national page's, so search engines are sent there.
    assert '<link rel="canonical" href="http://testserver/guides/test-guide/">' in html


def test_drafts_never_reach_citizens(client, guide):
    step_change(SHENZHEN, steps_of(guide)["policy"], "note", "Draft note.", status=Status.DRAFT)
    assert "Draft note." not in page_of(client, CITY)


def test_local_text_is_sanitised_and_plain_fields_escaped(client, guide):
    steps = steps_of(guide)
    step_change(SHENZHEN, steps["policy"], "note", "Hi <script>alert(1)</script> [x](javascript:y)")
    method = steps["methods"].payment_methods.get()
    method_change(SHENZHEN, steps["methods"], "unavailable", method=method, notes="<b>bold</b>")
    html = page_of(client, CITY)
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_the_city_page_costs_the_same_queries_whatever_the_number_of_variations(client, guide):
    national = cold_queries(client, "/guides/test-guide/")
    empty = cold_queries(client, CITY)
    steps = steps_of(guide)
    for number in range(30):
        code = SHENZHEN if number % 2 else GUANGDONG
        office(code, f"Office {number}")
        hotline(code, f"1233{number}")
    for kind, step in steps.items():
        step_change(GUANGDONG, step, "note", f"{kind} note")
        step_change(SHENZHEN, step, "replace", f"{kind} text")
    for number in range(10):
        material_change(SHENZHEN, steps["materials"], "add", name=f"permit {number}")
        method_change(
            GUANGDONG, steps["methods"], "add", kind="mobile", name=f"App {number}", description="x"
        )
    assert cold_queries(client, CITY) == empty
    # National content, the region, its variations (five kinds), its figures, the services
    # that serve it and the region chooser.
    assert empty == national + 8


def test_the_city_page_keeps_to_its_query_budget(client, localized):
    # The national page's 7, the region, its five kinds of variation, its figures and its
    # services (one query each for the city, its province and the nation); the region
    # chooser lists the province's cities instead of the provinces, in one query as well.
    assert cold_queries(client, CITY) <= 16


def test_the_localized_checklist_lists_local_materials(client, localized):
    html = page_of(client, CITY + "checklist/")
    assert "This list includes the local rules of Shenzhen, Guangdong." in html
    items = re.findall(r'<li class="c-checklist__item[^"]*">', html)
    assert len(items) == 1  # what is not needed here is left out, not struck through
    assert "Not needed in" not in html
    assert "Original of residence permit" in html
    assert 'href="/guides/test-guide/440000/440300/"' in html  # back to the city's guide


def test_the_demonstration_content_is_labelled_everywhere_it_shows(client, seed_guide, regions):
    from django.core.management import call_command

    call_command("seed", verbosity=0)
    url = seed_guide.get_absolute_url()
    html = page_of(client, url + "440000/440300/")
    assert "They are not official information." in html
    local_items = html.count('class="c-local-meta"')
    assert local_items >= 5  # notes, materials, ways to pay, hotlines
    assert html.count('<strong class="c-tag c-tag--demo">Demonstration</strong>') == local_items
    checklist = page_of(client, url + "440000/440300/checklist/")
    assert "sample local content that is not official information" in checklist
