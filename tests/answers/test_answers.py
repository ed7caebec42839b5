"""Guided answers and calculators as a citizen meets them: each answer in the address, the
outcome built from the guide and the figures, and every bad input a message, never a 500."""

import json
import re

import pytest
from django.test import Client

from local.models import Figure
from search.indexing import rebuild
from tests.factories import load_shipped_content

SHANGHAI = "/answers/pay/flexible/310000/not-registered/"


@pytest.fixture
def seeded(social_insurance_law, regions):
    load_shipped_content()
    rebuild()


def text(response) -> str:
    """What a reader sees of the page's main part: its text, spaces made one."""
    main = re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("&#x27;", "'")


def links(response) -> list[str]:
    return re.findall(r'href="([^"]+)"', response.content.decode())


def test_a_flexible_worker_in_shanghai_reaches_the_amounts_in_four_pages(client, seeded):
    home = client.get("/")  # page 1
    assert "/answers/pay/flexible/" in links(home)
    where = client.get("/answers/pay/flexible/")  # page 2: where do you pay?
    assert "Where do you pay?" in text(where)
    chosen = client.get("/answers/pay/flexible/", {"province": "310000", "city": ""})
    assert chosen.status_code == 302 and chosen["Location"] == "/answers/pay/flexible/310000/"
    registered = client.get(chosen["Location"])  # page 3: registered yet?
    assert SHANGHAI in links(registered)
    outcome = client.get(SHANGHAI)  # page 4: the answer
    shown = text(outcome)
    assert "Paying social insurance as a flexible worker in Shanghai" in shown
    assert "At least 2,558.50 yuan a month" in shown  # 7,310 × 35%
    for figure in ["7,310 yuan a month", "36,549 yuan a month", "24% of the contribution base",
                   "11% of the contribution base", "day 24 of the month"]:  # fmt: skip
        assert figure in shown, figure
    # The figures are out of date (to 30 June 2024) and said to be, with their period.
    assert "These are the latest figures known here, in force 1 July 2023 to 30 June 2024" in shown
    assert "Demonstration" in shown
    # Each figure links to its entry on the figures page, which names its source.
    floor = Figure.objects.get(region="310000", kind="base_floor")
    assert f"/regions/310000/figures/#figure-{floor.pk}" in links(outcome)
    figures = client.get("/regions/310000/figures/")
    assert f'id="figure-{floor.pk}"' in figures.content.decode()
    assert "Shangguan News" in text(figures)
    # Who collects and the law behind it, to the paragraph.
    assert "/laws/social-insurance-law/article/59/#p2" in links(outcome)
    assert "/laws/premium-collection-interim-regulations/article/6/" in links(outcome)


def test_the_answer_is_structured_data_of_a_government_service(client, seeded):
    html = client.get(SHANGHAI).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    )
    assert data["@type"] == "GovernmentService"
    assert data["areaServed"]["name"] == "Shanghai"
    assert data["url"] == SHANGHAI


def test_a_region_with_no_figures_of_its_own_shows_no_amount(client, seeded):
    shown = text(client.get("/answers/pay/flexible/650000/registered/"))
    assert "No bases, rates or amounts are known here for Xinjiang" not in shown  # national ones
    assert "At least" not in shown and "yuan a month" not in shown
    assert "Who collects in Xinjiang is not known here." in shown
    assert "The deadline in Xinjiang is not known here." in shown
    # It says that none of Xinjiang's own is known, and where to ask.
    assert "No base, rate or amount set for Xinjiang is known here" in shown
    page = client.get("/answers/pay/flexible/650000/registered/").content.decode()
    assert 'href="tel:12333"' in page  # the national hotline, from the services kept


def test_the_answer_links_the_services_that_take_the_payment(client, seeded):
    shown = text(client.get(SHANGHAI))
    page = client.get(SHANGHAI).content.decode()
    how = page[page.index('id="how-to-pay"') :]
    assert "Online and by phone" in how
    assert 'href="https://si.12333.gov.cn/"' in how
    assert 'href="tel:12366"' in how
    assert "No base, rate or amount set for Shanghai" not in shown


def test_an_employee_is_not_asked_about_registration(client, seeded):
    response = client.get("/answers/pay/employee/440300/")
    assert response.status_code == 200
    assert "Social insurance as an employee in Shenzhen, Guangdong" in text(response)
    assert client.get("/answers/pay/employee/440300/registered/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/answers/pay/nobody/",
        "/answers/pay/flexible/999999/",
        "/answers/pay/nobody/310000/",
        "/answers/pay/flexible/310000/maybe/",
        "/answers/pay/resident/310000/",
    ],
)
def test_an_answer_that_is_not_offered_is_a_404(client, seeded, url):
    status = client.get(url).status_code
    assert status == (200 if url == "/answers/pay/resident/310000/" else 404)


def test_a_place_typed_in_chinese_is_found_and_an_unknown_one_said_so(client, seeded):
    found = client.get("/answers/pay/resident/", {"place": "北京"})
    assert found["Location"] == "/answers/pay/resident/110000/"
    missing = client.get("/answers/pay/resident/", {"place": "Atlantis"})
    assert missing.status_code == 400
    assert "We could not find a province or city called “Atlantis”" in text(missing)


# --- Calculators ----------------------------------------------------------------------


def test_the_flexible_calculator_shows_each_insurance_and_the_figures_used(client, seeded):
    response = client.get("/calculators/flexible-worker/", {"region": "310000", "month": "2024-01",
                                                             "base": "10,000"})  # fmt: skip
    shown = text(response)
    # 10,000 × 24% = 2,400.00; 10,000 × 11% = 1,100.00.
    assert "3,500.00 yuan for January 2024 in Shanghai" in shown
    assert "2,400.00 yuan" in shown and "1,100.00 yuan" in shown
    assert "No figures for January 2024 are known here" not in shown  # in force then
    assert "In force 1 July 2023 to 30 June 2024." in shown
    assert "/laws/social-insurance-law/article/10/#p2" in links(response)


def test_a_month_without_figures_uses_the_latest_and_says_so(client, seeded):
    shown = text(
        client.get("/calculators/flexible-worker/", {"region": "310000", "month": "2026-12"})
    )
    assert "2,558.50 yuan for December 2026 in Shanghai" in shown
    assert "No figures for December 2026 are known here: this uses the latest known" in shown


def test_a_share_of_the_average_wage_gives_the_base(client, seeded):
    shown = text(client.get("/calculators/flexible-worker/",
                            {"region": "310000", "month": "2024-01", "share": "60"}))  # fmt: skip
    assert "On a base of 7,310 yuan a month" in shown and "2,558.50 yuan" in shown


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"region": "310000", "base": "5000"},
            "5,000 yuan is below the lowest base, 7,310 yuan a month.",
        ),
        (
            {"region": "310000", "base": "40000"},
            "40,000 yuan is above the highest base, 36,549 yuan a month.",
        ),
        ({"region": "310000", "share": "30"}, "below the lowest base"),
        ({"region": "310000", "base": "seven thousand"}, "Enter a number in figures"),
        ({"region": "310000", "base": "٧٣١٠"}, "Enter a number in figures"),
        ({"region": "310000", "base": "7²10"}, "Enter a number in figures"),
        ({"region": "310000", "base": "1e4"}, "Enter a number in figures"),
        ({"region": "310000", "base": "9" * 40}, "Enter a number of up to 20 characters."),
        ({"region": "310000", "base": "99999999"}, "Enter a number no larger than 1,000,000."),
        ({"region": "310000", "base": "-7310"}, "Enter a number in figures"),
        ({"region": "310000", "base": "7310.123"}, "Give at most 2 decimal places."),
        ({"region": "310000", "base": "8000", "share": "60"}, "Give either a base or a share"),
        ({"region": "310000", "month": "2011-06"}, "Choose July 2011 or later"),
        ({"region": "310000", "month": "2024-13"}, "Write the month as 2024-06."),
        ({"region": "310000", "month": "9999-01"}, "Choose a month no later than next year."),
        ({"region": "440300"}, "Choose where you pay from the list."),
        ({"region": ""}, "Choose where you pay."),
    ],
)
def test_bad_input_to_the_flexible_calculator_gets_a_message_and_no_amount(
    client, seeded, params, message
):
    response = client.get("/calculators/flexible-worker/", params)
    assert response.status_code in (200, 400)
    shown = text(response)
    assert message in shown
    assert "Total each month" not in shown


def test_full_width_digits_are_read_as_digits(client, seeded):
    shown = text(
        client.get(
            "/calculators/flexible-worker/",
            {"region": "310000", "month": "2024-01", "base": "７３１０元"},
        )
    )
    assert "2,558.50 yuan for January 2024" in shown


def test_the_resident_calculator_checks_the_amount_against_the_region(client, seeded):
    # Beijing's own amounts (1,000 to 9,000 yuan a year) replace the national tiers.
    shown = text(client.get("/calculators/resident/", {"region": "110000", "amount": "2000",
                                                        "years": "15"}))  # fmt: skip
    assert "2,000 yuan a year: 30,000 yuan over 15 years" in shown
    assert "1 April to 10 December" in shown
    low = text(client.get("/calculators/resident/", {"region": "110000", "amount": "500"}))
    assert "500 yuan is below the lowest yearly amount, 1,000 yuan." in low
    national = text(client.get("/calculators/resident/", {"amount": "2500"}))
    assert "2,500 yuan is above the highest yearly amount, 2,000 yuan." in national
    years = text(client.get("/calculators/resident/", {"amount": "100", "years": "١٥"}))
    assert "Enter a whole number of years" in years


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        # Hand-worked: 29 February and 1 March are 2 days; 10,000 × 0.05% × 2 = 10.00.
        ({"owed": "10000", "deadline": "2024-02-28", "paid": "2024-03-01"},
         ["Late-payment fee: 10.00 yuan", "2 days: 29 February 2024 to 1 March 2024",
          "10,010.00 yuan"]),
        ({"owed": "10000", "deadline": "2024-03-01", "paid": "2024-03-01"},
         ["Paid on time: no late-payment fee."]),
        ({"owed": "10000", "deadline": "2012-01-15", "paid": "2022-01-15"},
         ["Late-payment fee: 18,265.00 yuan", "3653 days"]),
    ],
)  # fmt: skip
def test_the_late_fee_calculator_counts_and_says_how(client, seeded, params, shown):
    page = text(client.get("/calculators/late-payment-fee/", params))
    for part in shown:
        assert part in page, part
    assert "Article 86 is about employers" in page
    assert "up to and including the day of payment" in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"owed": "10000", "deadline": "2011-06-30", "paid": "2012-01-01"},
            "Choose 1 July 2011 or later",
        ),
        (
            {"owed": "10000", "deadline": "2024-01-01", "paid": "2999-01-01"},
            "Choose a day no later than today",
        ),
        (
            {"owed": "10000", "deadline": "2024-02-30", "paid": "2024-03-01"},
            "Write the day as 2024-01-15",
        ),
        (
            {"owed": "10000", "deadline": "٢٠٢٤-٠١-٠١", "paid": "2024-03-01"},
            "Write the day as 2024-01-15",
        ),
        (
            {"owed": "10000", "deadline": "2024-03-01", "paid": "2024-02-01"},
            "The day paid comes after",
        ),
        (
            {"owed": "", "deadline": "2024-03-01", "paid": "2024-03-02"},
            "Enter the amount paid late.",
        ),
        (
            {"owed": "1" + "0" * 30, "deadline": "2024-03-01", "paid": "2024-03-02"},
            "up to 20 characters",
        ),
    ],
)
def test_bad_input_to_the_late_fee_calculator_gets_a_message(client, seeded, params, message):
    response = client.get("/calculators/late-payment-fee/", params)
    assert response.status_code == 400
    assert message in text(response)
    assert "Late-payment fee:" not in text(response)


def test_nul_in_a_calculator_is_refused_before_it_is_read(client, seeded):
    assert client.get("/calculators/late-payment-fee/", {"owed": "1\x000"}).status_code == 400


@pytest.mark.parametrize("query", ["how much", "contribution base", "缴费基数", "滞纳金"])
def test_search_finds_the_calculators_and_figures(client, seeded, query):
    page = client.get("/search/", {"q": query}).content.decode()
    assert "/calculators/" in page or "/figures/" in page


def test_the_sitemap_lists_the_answers_and_figures(seeded):
    sitemap = Client().get("/sitemap.xml").content.decode()
    for url in ["/answers/pay/", "/calculators/late-payment-fee/", "/figures/",
                "/regions/310000/figures/", SHANGHAI, "/zh-hans" + SHANGHAI]:  # fmt: skip
        assert f"<loc>http://testserver{url}</loc>" in sitemap, url


def test_answer_figure_and_calculator_pages_are_valid_html(client, seeded, html_validator):
    pages = [
        "/", "/answers/pay/", "/answers/pay/flexible/", "/answers/pay/flexible/310000/", SHANGHAI,
        "/answers/pay/employer/310000/registered/", "/answers/pay/flexible/?place=Atlantis",
        "/regions/310000/figures/", "/regions/650000/figures/", "/figures/2024-01-01/",
        "/calculators/flexible-worker/", "/calculators/flexible-worker/?region=310000&base=8000",
        "/calculators/flexible-worker/?region=310000&base=1", "/calculators/resident/?amount=100",
        "/calculators/late-payment-fee/?owed=10000&deadline=2024-02-28&paid=2024-03-01",
        "/calculators/late-payment-fee/?owed=&deadline=x&paid=2024-02-30", "/zh-hans" + SHANGHAI,
    ]  # fmt: skip
    documents = {url: client.get(url).content for url in pages}
    assert html_validator(documents) == []


def test_an_employer_not_yet_registered_is_told_to_register_the_business_first(client, seeded):
    response = client.get("/answers/pay/employer/440100/not-registered/")
    assert "A business registers for social insurance" in text(response)
    assert "/laws/social-insurance-law/article/57/#p1" in links(response)
    registered = client.get("/answers/pay/employer/440100/registered/")
    assert "A business registers for social insurance" not in text(registered)
    assert "/calculators/late-payment-fee/" in links(registered)
