"""The arithmetic of the calculators, in Decimal, with the rules it follows said once.

Nothing here reads the database or a request: each function takes the figures and the
citizen's numbers and returns what the page shows, so the tests check it against cases
worked by hand.

Rounding. The summaries the figures come from give no rounding rule, so:
- a base chosen as a share of the average wage is rounded to the whole yuan, halves up,
  as the figures themselves are (Shanghai's floor, 60% of 12,183 = 7,309.80, is 7,310);
- each amount to pay is rounded to the fen (0.01 yuan), halves up, and a total adds the
  rounded amounts, so the lines always add up to it.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
YUAN = Decimal("1")
HUNDRED = Decimal(100)
# Article 86 of the Social Insurance Law: 万分之五, 0.05% of the amount owed, a day.
LATE_FEE_RATE = Decimal("0.0005")
LAW_IN_FORCE = datetime.date(2011, 7, 1)  # the Social Insurance Law, Article 98


def to_fen(amount: Decimal) -> Decimal:
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def base_from_share(average_wage: Decimal, share: Decimal) -> Decimal:
    """The monthly base that is `share` percent of the average wage, to the whole yuan."""
    return (average_wage * share / HUNDRED).quantize(YUAN, rounding=ROUND_HALF_UP)


@dataclass
class Line:
    label: str
    rate: Decimal  # percent of the base
    amount: Decimal  # yuan, to the fen
    figure: object = None  # the figure the rate comes from


def contributions(
    base: Decimal, rates: list[tuple[str, Decimal, object]]
) -> tuple[list[Line], Decimal]:
    """Each insurance's monthly amount on `base` at its rate (percent), and their total."""
    lines = [
        Line(label, rate, to_fen(base * rate / HUNDRED), figure) for label, rate, figure in rates
    ]
    return lines, sum((line.amount for line in lines), Decimal("0.00"))


def days_late(deadline: datetime.date, paid: datetime.date) -> int:
    """Days the payment was overdue: counted from the day after the deadline (the first
    day in arrears, 欠缴之日) up to and including the day it was paid. Paying the day
    after the deadline is one day late; on or before it, none."""
    return max((paid - deadline).days, 0)


def late_fee(owed: Decimal, deadline: datetime.date, paid: datetime.date) -> tuple[int, Decimal]:
    """Article 86's fee on `owed` yuan paid on `paid`, due by `deadline`: (days, fee)."""
    days = days_late(deadline, paid)
    return days, to_fen(owed * LATE_FEE_RATE * days)


def yearly(amount: Decimal, years: int) -> Decimal:
    """A resident's yearly amount, paid `years` years running."""
    return to_fen(amount * years)
