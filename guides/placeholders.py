"""Figures named in a guide's text: ``{{ figure flexible.pension.rate }}``.

An editor writes a placeholder where a text would give an amount, a rate or a deadline
that differs by region and year. The page fills it in for its region and date (the
local app keeps the figures and says which applies: local.figures), so the guide's
words never hold a number that goes out of date. Here is what a placeholder may name,
the vocabulary every figure uses, and the check that refuses a name that is not in it.

A placeholder is ``{{ figure <scheme>.<insurance>.<kind> }}``, spaces optional. A text
sends readers to a service (a website, an app or a phone line) the same way, with
``{{ service <name> }}``: the page links the one that serves its region.
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


class Service(models.TextChoices):
    """The services a guide's text may send citizens to: each page links the one that
    serves its region (a region's own wins over the national one), kept as data with the
    day its link was last checked (local.models.Service)."""

    SI_PLATFORM = "si_platform", _("the national social insurance public service platform")
    SI_APP = "si_app", _("the social insurance app")
    SI_HOTLINE = "si_hotline", _("the social security service hotline")
    TAX_HOTLINE = "tax_hotline", _("the tax service hotline")
    ETAX = "etax", _("the electronic tax service")


# The services citizens reach by phone; the others are a website or an app.
PHONE_SERVICES = {Service.SI_HOTLINE, Service.TAX_HOTLINE}

PLACEHOLDER = re.compile(r"\{\{\s*figure\s+([^\s{}]*)\s*\}\}")
SERVICE_PLACEHOLDER = re.compile(r"\{\{\s*service\s+([^\s{}]*)\s*\}\}")
# Anything that looks as if it meant to be one ("{{ figure }}", "{{figure:x}}").
_ATTEMPT = re.compile(r"\{\{\s*(?:figure|service)\b[^}]*\}?\}?")


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


def named_services(text: str) -> list[str]:
    """The services `text` names, in order."""
    return [match.group(1) for match in SERVICE_PLACEHOLDER.finditer(text or "")]


def unknown(text: str) -> list[str]:
    """What `text` writes as a placeholder that names no figure or service, as written."""
    found = []
    for attempt in _ATTEMPT.finditer(text or ""):
        written = attempt.group(0)
        figure = PLACEHOLDER.fullmatch(written)
        service = SERVICE_PLACEHOLDER.fullmatch(written)
        if figure is not None and parse(figure.group(1)) is not None:
            continue
        if service is not None and service.group(1) in Service.values:
            continue
        found.append(written)
    return found


def validate_placeholders(text: str) -> None:
    """Refuse a text with a placeholder that names no known figure, naming it."""
    if wrong := unknown(text):
        raise ValidationError(
            ngettext(
                "This names no known figure or service: %(names)s. Write {{ figure "
                "scheme.insurance.kind }}, e.g. {{ figure flexible.pension.rate }}, or {{ service "
                "name }}, where the name is one of %(services)s.",
                "These name no known figure or service: %(names)s. Write {{ figure "
                "scheme.insurance.kind }}, e.g. {{ figure flexible.pension.rate }}, or {{ service "
                "name }}, where the name is one of %(services)s.",
                len(wrong),
            ),
            params={
                "names": ", ".join(dict.fromkeys(wrong)),
                "services": ", ".join(Service.values),
            },
            code="unknown_figure",
        )


def replace(html: str, shown, service) -> str:
    """`html` with each figure's placeholder replaced by ``shown(scheme, insurance, kind)``
    and each service's by ``service(name)`` (both HTML)."""

    def one(match: re.Match) -> str:
        parts = parse(match.group(1))
        return shown(*parts) if parts else match.group(0)

    def one_service(match: re.Match) -> str:
        name = match.group(1)
        return service(name) if name in Service.values else match.group(0)

    return SERVICE_PLACEHOLDER.sub(one_service, PLACEHOLDER.sub(one, html))


def as_words(text: str) -> str:
    """`text` with each placeholder named in words, for a search result or a summary."""

    def one(match: re.Match) -> str:
        parts = parse(match.group(1))
        return str(Kind(parts[2]).label) if parts else ""

    def one_service(match: re.Match) -> str:
        name = match.group(1)
        return str(Service(name).label) if name in Service.values else ""

    return SERVICE_PLACEHOLDER.sub(one_service, PLACEHOLDER.sub(one, text or ""))


def placeholder_help() -> str:
    return gettext(
        "To give a figure that differs by region and year, write {{ figure scheme.insurance.kind }}"
        ", e.g. {{ figure flexible.pension.rate }}: each page fills in its region's figure. To "
        "send readers to a service, write {{ service name }}, e.g. {{ service si_platform }}: "
        "each page links the one that serves its region."
    )
