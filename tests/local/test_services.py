"""Services (websites, apps, phone lines) the guides send citizens to: kept as data with
the day each was last checked, linked from every text that names one, a region's own
winning over the national one, and kept by regional staff for their own regions only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from guides import publishing
from local.figures import Figures
from local.models import Service, Status
from search.indexing import rebuild
from tests.factories import client_for, load_shipped_content, make_guide, provenance
from tests.formdata import form_data

GUANGDONG, SHENZHEN = "440000", "440300"
SEED = "/guides/where-to-pay-social-security/"


def service(code: str | None, kind: str, name: str, **fields) -> Service:
    extra = {key: fields.pop(key) for key in ["status", "is_demo"] if key in fields}
    return Service.objects.create(region_id=code, kind=kind, name=name, **fields,
                                  **provenance(**extra))  # fmt: skip


@pytest.fixture
def shipped(social_insurance_law, regions):
    load_shipped_content()


def test_the_seed_guide_links_each_service_it_names_in_both_languages(client, shipped):
    english = client.get(SEED).content.decode()
    assert (
        "Nationally, you can call the national social security service hotline, "
        '<a href="tel:12333">12333</a>'
    ) in english
    assert '<a class="c-service" href="https://si.12333.gov.cn/">' in english
    assert '<a href="tel:12366">12366</a>' in english
    assert '<a class="c-service" href="https://www.chinatax.gov.cn/">' in english
    assert "{{ service" not in english
    # Each is shown as what it is until an editor has opened it.
    assert english.count('12366</a> <span class="c-tag c-tag--demo">Demonstration</span>') == 1
    chinese = client.get("/zh-hans" + SEED).content.decode()
    assert '可以拨打全国人力资源社会保障服务热线<a href="tel:12333">12333</a>' in chinese
    assert "国家社会保险公共服务平台</a>" in chinese and "{{ service" not in chinese


def test_the_scheme_guides_link_the_platform_through_the_service(client, shipped):
    for slug in ["employees", "flexible-workers", "urban-rural-residents"]:
        page = client.get(f"/guides/{slug}/").content.decode()
        assert '<a class="c-service" href="https://si.12333.gov.cn/">' in page, slug
    # One place to change it: a new address reaches every guide at once.
    platform = Service.objects.get(region=None, kind="si_platform")
    platform.url = "https://si.12333.gov.cn/new/"
    platform.save()
    for slug in ["employees", "flexible-workers", "urban-rural-residents"]:
        assert (
            'href="https://si.12333.gov.cn/new/"' in client.get(f"/guides/{slug}/").content.decode()
        )


def test_a_regions_own_service_wins_over_the_national_one(client, shipped):
    service(GUANGDONG, "etax", "the Guangdong electronic tax service",
            url="https://etax.guangdong.example.cn/")  # fmt: skip
    shenzhen = client.get(f"{SEED}440000/440300/").content.decode()
    assert '<a class="c-service" href="https://etax.guangdong.example.cn/">' in shenzhen
    assert "pay online through" in shenzhen and 'www.chinatax.gov.cn/">' not in shenzhen
    beijing = client.get(f"{SEED}110000/").content.decode()
    assert '<a class="c-service" href="https://www.chinatax.gov.cn/">' in beijing
    national = client.get(SEED).content.decode()
    assert "etax.guangdong" not in national


def test_a_draft_service_is_not_shown_and_none_kept_says_what_it_is(client, regions):
    guide = make_guide(steps=1)
    step = guide.steps.get()
    step.body_en = "Pay online through {{ service etax }}."
    step.save()
    publishing.publish(guide=guide, user=None, change_note="Links", major=False)
    service(None, "etax", "the tax website", url="https://tax.example.cn/", status=Status.DRAFT)
    page = client.get(f"/guides/{guide.slug}/").content.decode()
    assert "tax.example.cn" not in page
    unknown = '<span class="c-service c-service--unknown">the electronic tax service</span>'
    assert f"Pay online through {unknown}." in page


def test_the_region_page_lists_its_services_with_the_day_each_was_checked(client, shipped):
    service(GUANGDONG, "etax", "the Guangdong electronic tax service",
            url="https://etax.guangdong.example.cn/", notes="Pay online.")  # fmt: skip
    page = client.get("/regions/440000/440300/").content.decode()
    services = page[page.index('id="services"') :]
    assert "The Guangdong electronic tax service</a>" in services
    assert "Kept by Guangdong." in services and "Last checked 2 November 2026." in services
    assert "National. Last checked 3 December 2026." in services  # the shipped ones
    assert services.count('class="c-office"') == 5  # one of each kind, Guangdong's e-tax
    national = client.get("/regions/").content.decode()
    assert 'id="services"' in national and "etax.guangdong" not in national


def test_a_region_without_a_hotline_is_given_the_national_service(client, shipped):
    page = client.get("/regions/110000/").content.decode()  # Beijing lists none
    assert (
        "We have no hotline listed for Beijing yet: call the national social security service "
        'hotline, <a href="tel:12333">12333</a>'
    ) in page


def test_search_finds_a_national_service_without_a_region(client, shipped):
    rebuild()
    html = client.get("/search/", {"q": "12366"}).content.decode()
    assert "National: The tax service hotline" in html


def test_a_placeholder_naming_no_service_is_refused_naming_it(regions, social_insurance_law):
    step = make_guide(steps=1).steps.get()
    step.body_en = "Call {{ service si_hotline }} or {{ service tax_hotlin }}."
    with pytest.raises(ValidationError) as refused:
        step.full_clean()
    message = str(refused.value)
    assert "This names no known figure or service: {{ service tax_hotlin }}." in message
    assert "si_platform, si_app, si_hotline, tax_hotline, etax" in message  # what it may name


def test_the_markdown_preview_fills_in_services(editor_client, regions):
    service(None, "tax_hotline", "the tax service hotline", number="12366")
    text = "Ask {{ service tax_hotline }} or {{ service nope }}."
    html = editor_client.post("/admin/markdownx/markdownify/", {"content": text}).content.decode()
    assert 'the tax service hotline, <a href="tel:12366">12366</a>' in html
    assert "No such figure or service: {{ service nope }}" in html


@pytest.mark.parametrize(
    ("kind", "fields", "field", "message"),
    [
        ("tax_hotline", {}, "number", "Give the number to dial."),
        ("tax_hotline", {"number": "12366", "url": "https://x.cn/"}, "url", "not a link"),
        ("tax_hotline", {"number": "1236６"}, "number", "Write the number to dial in digits"),
        ("tax_hotline", {"number": "12366\x00"}, "number", "Write the number to dial in digits"),
        ("etax", {}, "url", "Give its address."),
        ("etax", {"url": "https://x.cn/", "number": "12366"}, "number", "Only a phone line"),
    ],
)
def test_a_service_has_a_number_or_a_link_as_its_kind_needs(regions, kind, fields, field, message):
    item = Service(region_id=SHENZHEN, kind=kind, name_en="It", **fields, **provenance())
    with pytest.raises(ValidationError) as refused:
        item.full_clean()
    assert message in " ".join(refused.value.message_dict[field])


def test_the_app_needs_no_link_and_each_region_has_one_of_a_kind(regions):
    Service(region_id=None, kind="si_app", name_en="the app", **provenance()).full_clean()
    service(SHENZHEN, "etax", "the e-tax", url="https://a.cn/")
    again = Service(region_id=SHENZHEN, kind="etax", name_en="again", url="https://b.cn/",
                    **provenance())  # fmt: skip
    with pytest.raises(ValidationError, match="This region already has this service"):
        again.full_clean()
    service(None, "etax", "the national one", url="https://c.cn/")
    national_again = Service(region_id=None, kind="etax", name_en="x", url="https://d.cn/",
                             **provenance())  # fmt: skip
    with pytest.raises(ValidationError, match="already a national one"):
        national_again.full_clean()


def test_regional_staff_cannot_keep_a_national_service(shenzhen_staff, editor_client):
    client = client_for(shenzhen_staff)
    url = reverse("admin:local_service_add")
    data = form_data(client.get(url).content.decode(), "service_form") | {
        "region": "", "kind": "etax", "name_en": "the tax site", "url": "https://x.cn/",
        "source_en": "Notice", "last_verified": "2026-11-02", "verified_by_en": "Team",
    }  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    assert not Service.objects.exists()
    # Editors keep the national ones.
    editor_data = form_data(editor_client.get(url).content.decode(), "service_form") | {
        k: v for k, v in data.items() if not k.startswith(("_", "csrf"))
    }
    assert editor_client.post(url, editor_data).status_code == 302
    assert Service.objects.get().region is None


def test_the_figures_of_a_page_read_the_services_once(django_assert_num_queries, shipped):
    figures = Figures(None, datetime.date(2026, 12, 3))
    with django_assert_num_queries(1):
        html = figures.fill("{{ service si_hotline }} {{ service etax }} {{ service si_app }}")
    assert "12333" in html and "chinatax" in html and "掌上12333" in html


def test_a_service_name_is_shown_as_text_never_as_markup(client, regions):
    guide = make_guide(steps=1)
    step = guide.steps.get()
    step.body_en = "Use {{ service si_app }} or {{ service etax }}."
    step.save()
    publishing.publish(guide=guide, user=None, change_note="Links", major=False)
    service(None, "si_app", "<script>alert(1)</script> app")
    service(None, "etax", '"><img src=x onerror=alert(2)>', url="https://tax.example.cn/")
    page = client.get(f"/guides/{guide.slug}/").content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; app" in page
    assert "<img src=x" not in page
