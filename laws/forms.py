import datetime

from django import forms
from django.utils import dateformat, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from laws import dates

# The earliest year the "in force on" form takes: no law here is older than the People's
# Republic. (Between then and a statute's coming into force, its page says it was not yet
# in force.) The latest is the end of next year: what the law will say later is not known.
EARLIEST_YEAR = 1949


class DateAsWrittenField(forms.Field):
    """A date as people write it (`laws.dates`): its one reading, or the two it may have
    (1/6/2015), as a tuple; every refusal says what was wrong."""

    widget = forms.TextInput
    default_error_messages = {
        "required": _("Enter a date."),
        "invalid": _("Enter a date such as 2015-06-01 or 1 June 2015."),
        "digits": _("Write the date in the figures 0 to 9, for example 2015-06-01."),
        "no_day": _("Enter the day as well as the month and year, for example 2015-06-01."),
        "year": _("Write the year in four figures, for example 2015."),
        "too_early": _("Enter a date from %(year)s onwards: this law did not exist before then."),
        "too_late": _(
            "Enter a date no later than %(latest)s: what the law will say after then is not "
            "yet known."
        ),
        "month": _("The month must be a number from 1 to 12."),
        "day": _("%(month)s has %(days)s days: enter a day from 1 to %(days)s."),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # A text field, not type="date": GOV.UK's research found native date pickers hard
        # to use, and a value typed wrong must be shown back as typed.
        self.widget.attrs.update(
            {"class": "c-input c-input--date", "autocomplete": "off", "spellcheck": "false"}
        )

    def to_python(self, value) -> tuple[datetime.date, ...] | None:
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        latest = datetime.date(timezone.localdate().year + 1, 12, 31)
        try:
            return dates.readings(text, years=range(EARLIEST_YEAR, latest.year + 1))
        except dates.Unreadable as reason:
            params = {"year": EARLIEST_YEAR, "latest": dateformat.format(latest, gettext("j F Y"))}
            if reason.code == "day":
                params |= {
                    "month": dateformat.format(reason.params["month"], gettext("F Y")),
                    "days": reason.params["days"],
                }
            raise forms.ValidationError(
                self.error_messages[reason.code], code=reason.code, params=params
            ) from None


class InForceOnForm(forms.Form):
    """Pick the date to show a statute or article as it was in force on: one date, or the
    two that what was typed may mean (the page then asks which)."""

    on = DateAsWrittenField(
        label=_("Show the text in force on"),
        help_text=_("For example 2015-06-01 or 1 June 2015."),
    )
