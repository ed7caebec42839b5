"""Figures: imported as shipped, resolved for a region and a day, kept by regional staff
through the review workflow, and named in guide text by placeholders."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from guides.models import Step
from local.figures import CURRENT, LATEST, UNKNOWN, Figures
from local.models import Figure, Status
from local.services import load_figures
from regions.services import RegionDataError
from tests.conftest import ROOT
from tests.factories import make_guide, provenance, region
from tests.formdata import form_data

FIGURES = ROOT / "fixtures" / "figures"
SHIPPED = {
    "provenance": FIGURES / "provenance.json",
    "translations": ROOT / "fixtures" / "translations" / "figures.zh-hans.json",
}
D = datetime.date
JULY_2024 = D(2024, 7, 1)


def figure(code: str | None, kind: str, amount=None, *, scheme="flexible", insurance="all",
           starts=JULY_2024, ends=None, **extra) -> Figure:  # fmt: skip
    return Figure.objects.create(
        region_id=code, scheme=scheme, insurance=insurance, kind=kind,
        amount=None if amount is None else Decimal(amount),
        in_force_from=starts, in_force_until=ends, **provenance(**extra),
    )  # fmt: skip


@pytest.fixture
def shipped_figures(regions):
    load_figures(FIGURES / "figures.csv", **SHIPPED)


def test_the_shipped_figures_are_the_reference_file_byte_for_byte():
    shared = ROOT.parent / "shared" / "data" / "figures" / "figures.csv"
    if shared.exists():
        assert (FIGURES / "figures.csv").read_bytes() == shared.read_bytes()


def test_import_creates_each_row_once_labelled_as_demonstration(regions):
    report = load_figures(FIGURES / "figures.csv", **SHIPPED)
    assert (report.created, report.unchanged) == (16, 0)
    again = load_figures(FIGURES / "figures.csv", **SHIPPED)
    assert (again.created, again.unchanged) == (0, 16)
    assert Figure.objects.count() == 16
    assert not Figure.objects.filter(is_demo=False).exists()
    floor = Figure.objects.get(region="310000", kind="base_floor")
    assert floor.amount == Decimal("7310")
    assert (floor.in_force_from, floor.in_force_until) == (D(2023, 7, 1), D(2024, 6, 30))
    assert "Shangguan News" in floor.source
    assert floor.reliability_en == "secondary news report"
    assert floor.reliability_zh_hans == "二手新闻报道"
    national = Figure.objects.get(region=None, kind="base_floor_share_of_average_wage")
    assert national.amount == Decimal("60")
    window = Figure.objects.get(region="110000", kind="payment_window")
    assert (window.amount, window.text_en, window.text_zh_hans) == (
        None, "1 April to 10 December", "4月1日至12月10日",
    )  # fmt: skip


def test_a_wrong_row_stops_the_import_with_its_line_and_writes_nothing(regions, tmp_path):
    rows = (FIGURES / "figures.csv").read_text(encoding="utf-8").splitlines()
    rows[5] = rows[5].replace("yuan per month", "yuan per week")
    bad = tmp_path / "figures.csv"
    bad.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(RegionDataError, match=r"figures.csv line 6: .*not 'yuan per week'"):
        load_figures(bad, **SHIPPED)
    assert not Figure.objects.exists()


def test_a_city_figure_wins_over_its_province_which_wins_over_the_national_one(regions):
    figure(None, "base_floor", "1000")
    figure("440000", "base_floor", "2000")
    figure("440300", "base_floor", "3000")
    on = D(2025, 1, 1)
    assert Figures(region("440300"), on).get("flexible", "all", "base_floor").figure.amount == 3000
    assert Figures(region("440100"), on).get("flexible", "all", "base_floor").figure.amount == 2000
    assert Figures(region("440000"), on).get("flexible", "all", "base_floor").figure.amount == 2000
    assert Figures(region("310000"), on).get("flexible", "all", "base_floor").figure.amount == 1000
    assert Figures(None, on).get("flexible", "all", "base_floor").figure.amount == 1000


def test_the_figure_in_force_on_the_day_counts(regions):
    figure("310000", "base_floor", "7310", starts=D(2023, 7, 1), ends=D(2024, 6, 30))
    figure("310000", "base_floor", "7384", starts=D(2024, 7, 1), ends=D(2025, 6, 30))
    shanghai = region("310000")

    def shown(day):
        found = Figures(shanghai, day).get("flexible", "all", "base_floor")
        return found.state, found.figure.amount if found.figure else None

    assert shown(D(2023, 6, 30)) == (UNKNOWN, None)  # before any
    assert shown(D(2023, 7, 1)) == (CURRENT, 7310)  # its first day
    assert shown(D(2024, 6, 30)) == (CURRENT, 7310)  # its last day
    assert shown(D(2024, 7, 1)) == (CURRENT, 7384)  # the next year's, from its first day
    # After the last known period: the latest, said to be out of date, never as today's.
    assert shown(D(2026, 12, 2)) == (LATEST, 7384)


def test_a_draft_or_withdrawn_figure_is_not_shown(regions):
    figure("310000", "base_floor", "7310", status=Status.DRAFT)
    assert not Figures(region("310000"), D(2025, 1, 1)).get("flexible", "all", "base_floor").known


def test_a_figure_entered_ahead_goes_live_on_its_first_day(client, regions):
    figure("310000", "base_ceiling", "36549", starts=D(2027, 7, 1))
    url = reverse("local:figures", kwargs={"path": "310000"})
    with time_machine.travel(datetime.datetime(2027, 6, 30, 12, tzinfo=datetime.UTC)):
        before = client.get(url).content.decode()
    with time_machine.travel(datetime.datetime(2027, 7, 1, 12, tzinfo=datetime.UTC)):
        after = client.get(url).content.decode()
    assert "Coming into force" in before and "36,549 yuan a month" in before
    assert "Coming into force" not in after and "36,549 yuan a month" in after


def test_the_figures_page_for_a_date_shows_those_in_force_then(client, shipped_figures):
    dated = client.get("/regions/310000/figures/2024-01-01/").content.decode()
    assert "These are the figures in force on 1 January 2024." in dated
    assert "7,310 yuan a month" in dated and "Out of date" not in dated
    today = client.get("/regions/310000/figures/").content.decode()
    assert "7,310 yuan a month" in today and "Out of date" in today
    assert client.get("/regions/310000/figures/1900-01-01/").status_code == 404
    assert client.get("/regions/310000/figures/2024-02-30/").status_code == 404


def test_a_region_with_no_figures_says_so_and_shows_no_number(client, shipped_figures):
    page = client.get("/regions/650000/figures/").content.decode()
    assert "No figures of Xinjiang’s own are known here, so no local amounts are shown." in page
    # Only the national rules, said to be national: no amount of Xinjiang's own.
    assert "Set by Xinjiang" not in page and "yuan a month" not in page
    assert page.count("Set nationally.") == Figure.objects.filter(region=None).count()


def test_figures_periods_cannot_overlap_or_end_before_they_start(regions):
    figure("310000", "base_floor", "7310", starts=D(2023, 7, 1), ends=D(2024, 6, 30))
    clash = Figure(region_id="310000", scheme="flexible", insurance="all", kind="base_floor",
                   amount=Decimal("7400"), in_force_from=D(2024, 6, 1), **provenance())  # fmt: skip
    with pytest.raises(ValidationError, match="already holds here for part of this period"):
        clash.full_clean()
    backwards = Figure(region_id="310000", scheme="flexible", insurance="all", kind="base_floor",
                       amount=Decimal("7400"), in_force_from=D(2025, 7, 1),
                       in_force_until=D(2025, 6, 30), **provenance())  # fmt: skip
    with pytest.raises(ValidationError, match="last day comes on or after the first"):
        backwards.full_clean()


@pytest.mark.parametrize(
    ("kind", "amount", "text", "message"),
    [
        ("rate", None, "", "Give the number."),
        ("rate", "2000", "", "at most 1,000 percent"),
        ("payment_deadline_day", "32", "", "whole number from 1 to 31"),
        ("payment_deadline_day", "15.5", "", "whole number from 1 to 31"),
        ("payment_window", "5", "April", "leave the number empty"),
        ("payment_window", None, "", "Write the words"),
        ("base_floor", "7310", "seven thousand", "leave the words empty"),
    ],
)
def test_a_figure_says_a_number_or_words_as_its_kind_needs(regions, kind, amount, text, message):
    item = Figure(region_id="310000", scheme="flexible", insurance="all", kind=kind,
                  amount=None if amount is None else Decimal(amount), text_en=text,
                  in_force_from=D(2025, 1, 1), **provenance())  # fmt: skip
    with pytest.raises(ValidationError, match=message):
        item.full_clean()


# --- Placeholders in guide text --------------------------------------------------------


def test_a_placeholder_naming_no_figure_is_refused_naming_it(regions, social_insurance_law):
    guide = make_guide(steps=1)
    step = guide.steps.get()
    step.body_en = "Pay {{ figure flexible.pension.rate }} of {{ figure flexible.all.bas_floor }}."
    with pytest.raises(ValidationError) as refused:
        step.full_clean()
    assert "This names no known figure or service: {{ figure flexible.all.bas_floor }}." in str(
        refused.value
    )
    step.body_en = "Pay {{figure flexible.pension.rate}} on {{ figure flexible.all.base_floor }}."
    step.full_clean()


def test_the_admin_refuses_a_step_with_an_unknown_placeholder(editor_client, guide):
    url = reverse("admin:guides_guide_change", args=[guide.pk])
    data = form_data(editor_client.get(url).content.decode(), "guide_form")
    body = next(name for name in data if name.endswith("-body_en"))
    data[body] = ["Pay {{ figure flexible.pension.ratee }} a month."]
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "This names no known figure or service: {{ figure flexible.pension.ratee }}" in (
        response.content.decode().replace("&#x27;", "'")
    )
    guide.refresh_from_db()
    assert "ratee" not in guide.steps.first().body_en


def test_placeholders_are_filled_in_for_the_page_region_and_linked(client, regions, guide):
    from guides import publishing

    step = guide.steps.get(kind=Step.Kind.POLICY)
    step.body_en = "Pay {{ figure flexible.pension.rate }} of your base."
    step.save()
    publishing.publish(guide=guide, user=None, change_note="Figures", major=False)
    figure("310000", "rate", "24", insurance="pension", starts=D(2023, 7, 1), ends=D(2024, 6, 30),
           is_demo=True)  # fmt: skip
    shanghai = client.get(f"/guides/{guide.slug}/310000/").content.decode()
    assert "24% of the contribution base</a>" in shanghai
    assert "1 July 2023 to 30 June 2024, the latest known here" in shanghai
    assert "{{ figure" not in shanghai
    beijing = client.get(f"/guides/{guide.slug}/110000/").content.decode()
    assert "not known here for this region" in beijing and "24%" not in beijing
    national = client.get(f"/guides/{guide.slug}/").content.decode()
    assert "set by each region (choose yours to see it)" in national
    assert '"text": "Pay contribution rate of your base."' in national  # structured data


def test_the_markdown_preview_fills_in_figures_and_marks_unknown_ones(editor_client, regions):
    figure(None, "base_floor_share_of_average_wage", "60", insurance="pension",
           starts=D(2019, 5, 1))  # fmt: skip
    text = (
        "At least {{ figure flexible.pension.base_floor_share_of_average_wage }}, "
        "base {{ figure flexible.all.base_floor }}, {{ figure flexible.all.nope }}."
    )
    html = editor_client.post("/admin/markdownx/markdownify/", {"content": text}).content.decode()
    assert "60% of the average wage</a>" in html
    assert "set by each region (choose yours to see it)" in html
    assert "No such figure or service: {{ figure flexible.all.nope }}" in html
