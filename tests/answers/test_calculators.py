"""The calculators' arithmetic against cases worked by hand (each worked in the comment)."""

import datetime
from decimal import Decimal

import pytest

from answers import calculators

D = datetime.date


@pytest.mark.parametrize(
    ("deadline", "paid", "days"),
    [
        (D(2024, 1, 15), D(2024, 1, 15), 0),  # paid on the last day: on time
        (D(2024, 1, 15), D(2024, 1, 16), 1),  # the day after: one day in arrears
        (D(2023, 1, 31), D(2023, 2, 28), 28),  # month end to month end: 1–28 February
        (D(2024, 2, 28), D(2024, 3, 1), 2),  # across a leap day: 29 February, 1 March
        (D(2023, 2, 28), D(2023, 3, 1), 1),  # the same dates in a common year: 1 March
        (D(2024, 2, 29), D(2025, 2, 28), 365),  # from a leap day, a year later
        (D(2023, 12, 31), D(2024, 1, 31), 31),  # across the year's end: all of January
        # Ten years: 3,650 days and the leap days 2012-02-29, 2016-02-29 and 2020-02-29.
        (D(2012, 1, 15), D(2022, 1, 15), 3653),
    ],
)
def test_days_late_count_from_the_day_after_the_deadline_to_the_day_of_payment(
    deadline, paid, days
):
    assert calculators.days_late(deadline, paid) == days


@pytest.mark.parametrize(
    ("owed", "deadline", "paid", "days", "fee"),
    [
        # 10,000 × 0.0005 × 1 = 5.00
        ("10000", D(2024, 1, 15), D(2024, 1, 16), 1, "5.00"),
        # 10,000 × 0.0005 × 2 = 10.00 (29 February and 1 March)
        ("10000", D(2024, 2, 28), D(2024, 3, 1), 2, "10.00"),
        # 10,000 × 0.0005 × 3,653 = 18,265.00: the fee may pass the amount owed
        ("10000", D(2012, 1, 15), D(2022, 1, 15), 3653, "18265.00"),
        # 1,234.56 × 0.0005 × 28 = 17.28384 → 17.28
        ("1234.56", D(2023, 1, 31), D(2023, 2, 28), 28, "17.28"),
        # 333.33 × 0.0005 × 3 = 0.499995 → 0.50 (to the fen, halves up)
        ("333.33", D(2024, 3, 1), D(2024, 3, 4), 3, "0.50"),
        # 100 × 0.0005 × 1 = 0.05
        ("100", D(2024, 3, 1), D(2024, 3, 2), 1, "0.05"),
        # 10 × 0.0005 × 1 = 0.005 → 0.01 (a half fen rounds up)
        ("10", D(2024, 3, 1), D(2024, 3, 2), 1, "0.01"),
        # on time: nothing
        ("10000", D(2024, 3, 1), D(2024, 3, 1), 0, "0.00"),
    ],
)
def test_late_fee_is_five_ten_thousandths_a_day_rounded_to_the_fen(owed, deadline, paid, days, fee):
    assert calculators.late_fee(Decimal(owed), deadline, paid) == (days, Decimal(fee))


def test_shanghai_minimum_is_the_floor_times_thirty_five_percent():
    # 7,310 × 24% = 1,754.40; 7,310 × 11% = 804.10; together 2,558.50 (= 7,310 × 35%).
    lines, total = calculators.contributions(
        Decimal("7310"), [("pension", Decimal("24"), None), ("medical", Decimal("11"), None)]
    )
    assert [line.amount for line in lines] == [Decimal("1754.40"), Decimal("804.10")]
    assert total == Decimal("2558.50")


def test_each_line_is_rounded_and_the_total_adds_the_rounded_lines():
    # 7,333 × 24% = 1,759.92; 7,333 × 11.5% = 843.295 → 843.30; total 2,603.22.
    lines, total = calculators.contributions(
        Decimal("7333"), [("a", Decimal("24"), None), ("b", Decimal("11.5"), None)]
    )
    assert [line.amount for line in lines] == [Decimal("1759.92"), Decimal("843.30")]
    assert total == Decimal("2603.22") == sum(line.amount for line in lines)


@pytest.mark.parametrize(
    ("share", "base"),
    [
        ("60", "7310"),  # 12,183 × 60% = 7,309.80 → 7,310: Shanghai's published floor
        ("300", "36549"),  # 12,183 × 300% = 36,549: its published ceiling
        ("100", "12183"),
        ("61.5", "7493"),  # 7,492.545 → 7,493
    ],
)
def test_a_share_of_the_average_wage_is_a_whole_yuan_base(share, base):
    assert calculators.base_from_share(Decimal("12183"), Decimal(share)) == Decimal(base)


def test_a_residents_yearly_amount_over_years():
    assert calculators.yearly(Decimal("2000"), 15) == Decimal("30000.00")
