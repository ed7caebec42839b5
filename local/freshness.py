"""When a local item (a variation, office, hotline, service or figure) is due a check:
the last check against its source (``last_verified``) is older than
``settings.CHECK_AGAIN_AFTER_MONTHS`` (12 unless set). Citizens see it said on the item;
its region's staff see it on their dashboard, and confirm it in one click."""

import calendar
import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, ngettext


def months() -> int:
    return settings.CHECK_AGAIN_AFTER_MONTHS


def fresh_since(today: datetime.date | None = None) -> datetime.date:
    """The earliest check that is still recent enough: the same day, `months()` earlier
    (the month's last day where it is shorter)."""
    today = today or timezone.localdate()
    month_index = today.year * 12 + today.month - 1 - months()
    year, month = divmod(month_index, 12)
    month += 1
    return datetime.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def is_due(last_verified: datetime.date | None) -> bool:
    return last_verified is not None and last_verified < fresh_since()


def warning() -> str:
    """What a citizen reads on an item due a check."""
    if months() % 12 == 0:
        years = months() // 12
        return ngettext(
            "Not checked for over a year", "Not checked for over %(years)d years", years
        ) % {"years": years}
    return gettext("Not checked for over %(months)d months") % {"months": months()}
