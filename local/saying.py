"""How a page says a figure: its value with its unit, and its period, in the page's language."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

from guides.placeholders import UNIT_OF, WORDED, Unit


def money(amount: Decimal) -> Decimal:
    """An amount of yuan to the fen, halves rounded up (as the notices round)."""
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def number(amount: Decimal) -> str:
    """A number as citizens read it: thousands grouped, no trailing zeros after the point
    (7,310; 2,558.50 as money keeps its fen; 0.05)."""
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    text = f"{amount:,.2f}" if amount.as_tuple().exponent >= -2 else f"{amount.normalize():,f}"
    return text


def yuan(amount: Decimal) -> str:
    """An amount of money: whole yuan without fen, else with both decimals."""
    amount = money(amount)
    return f"{int(amount):,}" if amount == amount.to_integral_value() else f"{amount:,.2f}"


def say(figure) -> str:
    """The figure's value with its unit, in the page's language."""
    if UNIT_OF[figure.kind] in WORDED:
        return figure.text
    amount = figure.amount
    match UNIT_OF[figure.kind]:
        case Unit.YUAN_A_MONTH:
            return gettext("%(amount)s yuan a month") % {"amount": yuan(amount)}
        case Unit.YUAN_A_YEAR:
            return gettext("%(amount)s yuan a year") % {"amount": yuan(amount)}
        case Unit.PERCENT:
            return gettext("%(amount)s%% of the average wage") % {"amount": number(amount)}
        case Unit.PERCENT_OF_BASE:
            return gettext("%(amount)s%% of the contribution base") % {"amount": number(amount)}
        case Unit.DAY:
            # Translators: a day of each month a payment is due by: "the 24th of the month".
            return pgettext("deadline", "day %(day)s of the month") % {"day": int(amount)}
    return number(amount)


def period(figure) -> str:
    """When the figure holds, in words: "1 July 2023 to 30 June 2024", "from 1 May 2019"."""
    start = date_format(figure.in_force_from, gettext("j F Y"))
    if figure.in_force_until is None:
        return gettext("from %(start)s") % {"start": start}
    end = date_format(figure.in_force_until, gettext("j F Y"))
    return gettext("%(start)s to %(end)s") % {"start": start, "end": end}
