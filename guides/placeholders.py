"""Figures named in a guide's text: ``{{ figure flexible.pension.rate }}``.

An editor writes a placeholder where a text would give an amount, a rate or a deadline
that differs by region and year. The page fills it in for its region and date (the
local app keeps the figures and says which applies: local.figures), so the guide's
words never hold a number that goes out of date. Here is what a placeholder may name,
the vocabulary every figure uses, and the check that refuses a name that is not in it.

A placeholder is ``{{ figure <scheme>.<insurance>.<kind> }}``, spaces optional.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Scheme(models.TextChoices):
    """Who pays, and so which rules apply."""

    EMPLOYEE = "employee", _("employees (through their employer)")
    FLEXIBLE = "flexible", _("flexible workers")
    RESIDENT = "resident", _("urban and rural residents")


class Insurance(models.TextChoices):
    PENSION = "pension", _("basic pension insurance")
    MEDICAL = "medical", _("basic medical insurance")
    UNEMPLOYMENT = "unemployment", _("unemployment insurance")
    WORK_INJURY = "work_injury", _("work-injury insurance")
    MATERNITY = "maternity", _("maternity insurance")
    ALL = "all", pgettext_lazy("insurances", "all insurances")


class Unit(models.TextChoices):
    YUAN_A_MONTH = "yuan per month", _("yuan a month")
    YUAN_A_YEAR = "yuan per year", _("yuan a year")
    PERCENT = "percent", _("percent")
    PERCENT_OF_BASE = "percent of the base", _("percent of the contribution base")
    DAY = "day of the month", _("day of the month")
    DATES = "dates", _("dates")
    NAME = "name", _("a name")


class Kind(models.TextChoices):
    """What a figure is. Each kind has one unit (UNIT_OF)."""

    AVERAGE_WAGE = "average_monthly_wage_used", _("average monthly wage used")
    BASE_FLOOR = "base_floor", _("lowest contribution base")
    BASE_CEILING = "base_ceiling", _("highest contribution base")
    FLOOR_SHARE = (
        "base_floor_share_of_average_wage",
        _("lowest base, as a share of the average wage"),
    )
    CEILING_SHARE = (
        "base_ceiling_share_of_average_wage",
        _("highest base, as a share of the average wage"),
    )
    RATE = "rate", _("contribution rate")
    EMPLOYER_RATE = "employer_rate", _("contribution rate paid by the employer")
    INDIVIDUAL_RATE = "individual_rate", _("contribution rate paid by the employee")
    TIER_LOWEST = "annual_tier_lowest", _("lowest yearly tier")
    TIER_HIGHEST = "annual_tier_highest", _("highest yearly tier")
    AMOUNT_LOWEST = "annual_amount_lowest", _("lowest yearly amount")
    AMOUNT_HIGHEST = "annual_amount_highest", _("highest yearly amount")
    DEADLINE_DAY = "payment_deadline_day", _("day of the month payment is due by")
    WINDOW = "payment_window", _("payment window")
    COLLECTOR = "collector", _("who collects the contributions")
    REGISTRAR = "registrar", _("where to register")


UNIT_OF = {
    Kind.AVERAGE_WAGE: Unit.YUAN_A_MONTH,
    Kind.BASE_FLOOR: Unit.YUAN_A_MONTH,
    Kind.BASE_CEILING: Unit.YUAN_A_MONTH,
    Kind.FLOOR_SHARE: Unit.PERCENT,
    Kind.CEILING_SHARE: Unit.PERCENT,
    Kind.RATE: Unit.PERCENT_OF_BASE,
    Kind.EMPLOYER_RATE: Unit.PERCENT_OF_BASE,
    Kind.INDIVIDUAL_RATE: Unit.PERCENT_OF_BASE,
    Kind.TIER_LOWEST: Unit.YUAN_A_YEAR,
    Kind.TIER_HIGHEST: Unit.YUAN_A_YEAR,
    Kind.AMOUNT_LOWEST: Unit.YUAN_A_YEAR,
    Kind.AMOUNT_HIGHEST: Unit.YUAN_A_YEAR,
    Kind.DEADLINE_DAY: Unit.DAY,
    Kind.WINDOW: Unit.DATES,
    Kind.COLLECTOR: Unit.NAME,
    Kind.REGISTRAR: Unit.NAME,
}
# Kinds whose value is words (in each language), not a number.
WORDED = {Unit.DATES, Unit.NAME}

PLACEHOLDER = re.compile(r"\{\{\s*figure\s+([^\s{}]*)\s*\}\}")
# Anything that looks as if it meant to be one ("{{ figure }}", "{{figure:x}}").
_ATTEMPT = re.compile(r"\{\{\s*figure\b[^}]*\}?\}?")


def key(scheme: str, insurance: str, kind: str) -> str:
    return f"{scheme}.{insurance}.{kind}"


def parse(name: str) -> tuple[str, str, str] | None:
    """(scheme, insurance, kind) named by a placeholder, or None if it names no figure."""
    parts = name.split(".")
    if len(parts) != 3:
        return None
    scheme, insurance, kind = parts
    if scheme in Scheme.values and insurance in Insurance.values and kind in Kind.values:
        return scheme, insurance, kind
    return None


def named(text: str) -> list[str]:
    """The names of the placeholders in `text`, in order."""
    return [match.group(1) for match in PLACEHOLDER.finditer(text or "")]


def unknown(text: str) -> list[str]:
    """What `text` writes as a placeholder that names no figure, as written."""
    found = []
    for attempt in _ATTEMPT.finditer(text or ""):
        match = PLACEHOLDER.fullmatch(attempt.group(0))
        if match is None or parse(match.group(1)) is None:
            found.append(attempt.group(0))
    return found


def validate_placeholders(text: str) -> None:
    """Refuse a text with a placeholder that names no known figure, naming it."""
    if wrong := unknown(text):
        raise ValidationError(
            ngettext(
                "This names no known figure: %(names)s. Write {{ figure scheme.insurance.kind }}, "
                "e.g. {{ figure flexible.pension.rate }}.",
                "These name no known figure: %(names)s. Write {{ figure scheme.insurance.kind }}, "
                "e.g. {{ figure flexible.pension.rate }}.",
                len(wrong),
            ),
            params={"names": ", ".join(dict.fromkeys(wrong))},
            code="unknown_figure",
        )


def replace(html: str, shown) -> str:
    """`html` with each placeholder replaced by ``shown(scheme, insurance, kind)`` (HTML)."""

    def one(match: re.Match) -> str:
        parts = parse(match.group(1))
        return shown(*parts) if parts else match.group(0)

    return PLACEHOLDER.sub(one, html)


def as_words(text: str) -> str:
    """`text` with each placeholder named in words, for a search result or a summary."""

    def one(match: re.Match) -> str:
        parts = parse(match.group(1))
        return str(Kind(parts[2]).label) if parts else ""

    return PLACEHOLDER.sub(one, text or "")


def placeholder_help() -> str:
    return gettext(
        "To give a figure that differs by region and year, write {{ figure scheme.insurance.kind }}"
        ", e.g. {{ figure flexible.pension.rate }}: each page fills in its region's figure."
    )
