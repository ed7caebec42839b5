"""Dates as people write them, read into the calendar dates they may mean.

2015-06-01, 2015-6-1, 2015/6/1, 2015.6.1, 20150601, 2015年6月1日 (or 号), the same in
full-width digits from a Chinese keyboard (２０１５年６月１日), 1 June 2015 and June 1, 2015
are one date each. 13/6/2015 is too: no month is 13. 1/6/2015 may be 1 June or 6 January,
and both readings are given back, day first; the reader is asked which they mean.

Anything else is refused with the reason (`Unreadable.code`): digits of another script
(٢٠١٥, 二〇一五, superscripts) are never read as ours, a year is written in four figures,
and a month or day that cannot be (13, 31 February) is named, never mistaken for another.
Pure: no Django here, so any form may read dates this way; the messages are the form's.
"""

import calendar
import datetime
import re
import unicodedata

MAX_LENGTH = 40  # characters, as typed; anything longer is not a date (and int() stays cheap)

# What a Chinese keyboard types for digits and separators, and the dashes a word processor
# puts in place of a hyphen. (Any kind of space is one space: str.split.)
_TYPED = str.maketrans(
    "０１２３４５６７８９－／．，\u2010\u2011\u2012\u2013\u2014\u2212", "0123456789-/.,------"
)
_SEPARATOR = r"(?:\s*[-/.]\s*|\s+)"
# English month names and their abbreviations (calendar's follow the process's locale).
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")  # fmt: skip
_MONTH_NAMES = {
    spelling: number
    for number, name in enumerate(_MONTHS, start=1)
    for spelling in (name, name[:3])
} | {"sept": 9}
_NAMED = "|".join(sorted(_MONTH_NAMES, key=len, reverse=True))
_MONTH = rf"(?P<month_name>{_NAMED})\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"

# Year first: unambiguous, whatever the separator.
_YEAR_FIRST = [
    re.compile(r"(?P<year>\d+)\s*年\s*(?P<month>\d+)\s*月\s*(?P<day>\d+)\s*[日号]?", re.ASCII),
    re.compile(rf"(?P<year>\d{{3,}}){_SEPARATOR}(?P<month>\d+){_SEPARATOR}(?P<day>\d+)", re.ASCII),
    re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})", re.ASCII),
    re.compile(
        rf"(?P<day>\d{{1,2}}){_ORDINAL}\s*(?:of\s+)?{_MONTH}\s*,?\s*(?P<year>\d+)", re.ASCII | re.I
    ),
    re.compile(
        rf"{_MONTH}\s*(?P<day>\d{{1,2}}){_ORDINAL}(?:\s*,\s*|\s+)(?P<year>\d+)", re.ASCII | re.I
    ),
]
# Day and month, in either order, then the year: 1/6/2015.
_YEAR_LAST = re.compile(
    rf"(?P<first>\d{{1,2}}){_SEPARATOR}(?P<second>\d{{1,2}}){_SEPARATOR}(?P<year>\d+)", re.ASCII
)
# A month without its day: 2015-06, 2015年6月.
_NO_DAY = [
    re.compile(r"\d+\s*年\s*\d+\s*月", re.ASCII),
    re.compile(rf"\d{{4}}{_SEPARATOR}\d{{1,2}}", re.ASCII),
    re.compile(rf"(?:{_NAMED})\.?\s*,?\s*\d{{4}}|\d{{4}}\s*(?:{_NAMED})\.?", re.ASCII | re.I),
]


class Unreadable(ValueError):
    """Why a text is not a date: `code`, with what a message may say (`params`)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def readings(text: str, *, years: range) -> tuple[datetime.date, ...]:
    """The date `text` means, or the two it may mean (day first), in one of `years`;
    else `Unreadable`, with one of the codes:

    - ``invalid``: not a date as people write one (or longer than MAX_LENGTH);
    - ``digits``: numbers in another script than 0–9 (٢٠١٥, 二〇一五, ²);
    - ``no_day``: a month and year, without the day;
    - ``year``: a year not in four figures (15, 02015, 99999999);
    - ``too_early`` / ``too_late``: a year before or after `years`;
    - ``month``: no month has that number;
    - ``day``: that month has no such day (params: ``month``, its first day, and ``days``).

    Whether 1/6/2015 is ambiguous is the calendar's question alone, so the bounds are
    whole years: a reading is never dropped for being out of bounds in favour of the other.
    """
    text = " ".join(text.translate(_TYPED).split()).rstrip(".。")
    if len(text) > MAX_LENGTH:
        raise Unreadable("invalid")
    if any(not char.isascii() and unicodedata.numeric(char, None) is not None for char in text):
        raise Unreadable("digits")
    for pattern in _YEAR_FIRST:
        if match := pattern.fullmatch(text):
            parts = match.groupdict()
            if "month_name" in parts:
                parts["month"] = _MONTH_NAMES[parts["month_name"].lower()]
            return (_date(parts["year"], parts["month"], parts["day"], years),)
    if match := _YEAR_LAST.fullmatch(text):
        return _day_and_month(match["first"], match["second"], match["year"], years)
    if any(pattern.fullmatch(text) for pattern in _NO_DAY):
        raise Unreadable("no_day")
    raise Unreadable("invalid")


def _day_and_month(first: str, second: str, year: str, years: range) -> tuple[datetime.date, ...]:
    """1/6/2015: 1 June (day first) and 6 January (month first), whichever can be."""
    found, refused = [], []
    for day, month in ((first, second), (second, first)):
        try:
            found.append(_date(year, month, day, years))
        except Unreadable as reason:
            refused.append(reason)
    if not found:
        # A reason naming a month that exists says most: "February has 28 days", not
        # "there is no month 31".
        raise next((r for r in refused if r.code != "month"), refused[0])
    return tuple(dict.fromkeys(found))  # 5/5/2015 is one date


def _date(year: str, month: str | int, day: str, years: range) -> datetime.date:
    if len(year) != 4:
        raise Unreadable("year")
    if int(year) < years.start:
        raise Unreadable("too_early")
    if int(year) not in years:
        raise Unreadable("too_late")
    if not 1 <= int(month) <= 12:
        raise Unreadable("month")
    days = calendar.monthrange(int(year), int(month))[1]
    if not 1 <= int(day) <= days:
        raise Unreadable("day", month=datetime.date(int(year), int(month), 1), days=days)
    return datetime.date(int(year), int(month), int(day))
