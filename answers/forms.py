"""The calculators' forms: GET forms whose every refusal is a message on the form.

Citizens type numbers the way they write them: with thousands separators, in full-width
digits from a Chinese keyboard (７３１０), with 元 or % after them. Anything else that is
not a plain number (other scripts' digits, superscripts, exponents, NUL) is refused with
a message, never read as something it is not.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from answers.calculators import LAW_IN_FORCE

FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
NUMBER = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+")
MAX_TYPED = 20  # characters of a number as typed
MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


class AmountField(forms.CharField):
    """A positive number of at most `max_value`, given to at most `places` decimals."""

    def __init__(self, *, max_value: Decimal, places: int = 2, unit: str = "", **kwargs):
        self.max_value = max_value
        self.places = places
        self.unit = unit
        super().__init__(**kwargs)
        self.widget.attrs["maxlength"] = str(MAX_TYPED)
        self.widget.attrs.update({"inputmode": "decimal", "class": "c-input c-input--short",
                                  "autocomplete": "off", "spellcheck": "false"})  # fmt: skip

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        if len(text) > MAX_TYPED:
            raise forms.ValidationError(
                gettext("Enter a number of up to %(count)s characters.") % {"count": MAX_TYPED},
                code="max_length",
            )
        text = text.translate(FULL_WIDTH).strip()
        for ending in ("元", "%", "％", "yuan", "rmb", "RMB", "¥", "￥"):
            text = text.removesuffix(ending).removeprefix(ending).strip()
        if not NUMBER.fullmatch(text):
            raise forms.ValidationError(
                gettext("Enter a number in figures, for example 7310 or 7,310.50."), code="invalid"
            )
        try:
            amount = Decimal(text.replace(",", ""))
        except InvalidOperation as exc:  # pragma: no cover - the pattern allows none
            raise forms.ValidationError(
                gettext("Enter a number in figures."), code="invalid"
            ) from exc
        if amount.as_tuple().exponent < -self.places:
            raise forms.ValidationError(
                gettext("Give at most %(places)s decimal places.") % {"places": self.places},
                code="places",
            )
        if amount <= 0:
            raise forms.ValidationError(gettext("Enter a number above zero."), code="min_value")
        if amount > self.max_value:
            raise forms.ValidationError(
                gettext("Enter a number no larger than %(max)s.") % {"max": f"{self.max_value:,}"},
                code="max_value",
            )
        return amount


class MonthField(forms.CharField):
    """A month, written YYYY-MM (what a browser's month input sends)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update({"class": "c-input c-input--short", "inputmode": "numeric",
                                  "placeholder": "2024-06", "autocomplete": "off",
                                  "maxlength": "10"})  # fmt: skip

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        match = MONTH.fullmatch(text.translate(FULL_WIDTH).strip()) if len(text) <= 10 else None
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise forms.ValidationError(gettext("Write the month as 2024-06."), code="invalid")
        month = datetime.date(int(match.group(1)), int(match.group(2)), 1)
        if month < LAW_IN_FORCE:
            raise forms.ValidationError(
                gettext(
                    "Choose July 2011 or later: the Social Insurance Law came into force on "
                    "1 July 2011, and we hold no figures before it."
                ),
                code="too_early",
            )
        if month.year > timezone.localdate().year + 1:
            raise forms.ValidationError(
                gettext("Choose a month no later than next year."), code="too_late"
            )
        return month


class DayInput(forms.DateInput):
    """A browser's date picker: it can show only a real date, so a value typed wrong is
    shown empty (the message above the field says what was wrong)."""

    input_type = "date"

    def format_value(self, value):
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value) if value.isascii() else None
            except ValueError:
                value = None
        return super().format_value(value)


class DayField(forms.DateField):
    """A day, written YYYY-MM-DD (what a browser's date input sends), from 1 July 2011 to today."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        kwargs.setdefault("widget", DayInput(attrs={"class": "c-input c-input--short"}))
        kwargs["error_messages"] = {
            "invalid": _("Write the day as 2024-01-15 (year, month, day)."),
            **kwargs.get("error_messages", {}),
        }
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            if len(value) > 10:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            value = value.translate(FULL_WIDTH).strip()
            if value and not value.isascii():
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        day = super().to_python(value)
        if day is None:
            return None
        if day < LAW_IN_FORCE:
            raise forms.ValidationError(
                gettext(
                    "Choose 1 July 2011 or later: Article 86 applies from the day the Social "
                    "Insurance Law came into force."
                ),
                code="too_early",
            )
        if day > timezone.localdate():
            raise forms.ValidationError(
                gettext(
                    "Choose a day no later than today: the fee is worked out for a day gone by."
                ),
                code="future",
            )
        return day


class RegionField(forms.ChoiceField):
    """One of the regions that have figures for the calculator's scheme."""

    def __init__(self, regions, **kwargs):
        super().__init__(
            choices=[("", gettext("Choose…"))]
            + [(region.code, region.full_name) for region in regions],
            **kwargs,
        )
        self.widget.attrs.update({"class": "c-select"})
        self.regions = {region.code: region for region in regions}

    def clean(self, value):
        code = super().clean(value)
        return self.regions.get(code)


class FlexibleForm(forms.Form):
    use_required_attribute = False

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"] = RegionField(
            regions,
            label=_("Where you pay"),
            error_messages={"required": _("Choose where you pay."),
                            "invalid_choice": _("Choose where you pay from the list.")},
        )  # fmt: skip
        self.fields["month"] = MonthField(
            label=_("Month"),
            required=False,
            help_text=_("The month you pay for, written 2024-06. Empty: this month."),
        )
        self.fields["base"] = AmountField(
            label=_("Your contribution base, in yuan a month"),
            required=False,
            max_value=Decimal("1000000"),
            help_text=_("Any amount from the lowest to the highest base. Empty: the lowest."),
        )
        self.fields["share"] = AmountField(
            label=_("Or your base as a share of the average wage, in percent"),
            required=False,
            max_value=Decimal("1000"),
            help_text=_("For example 60 for the lowest base, 100 for the average wage."),
        )

    def clean(self):
        data = super().clean()
        if data.get("base") and data.get("share"):
            self.add_error("share", gettext("Give either a base or a share, not both."))
        return data


class ResidentForm(forms.Form):
    use_required_attribute = False

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"] = RegionField(
            regions,
            label=_("Where you pay"),
            required=False,
            help_text=_("Empty: the national tiers."),
            error_messages={"invalid_choice": _("Choose where you pay from the list.")},
        )
        self.fields["amount"] = AmountField(
            label=_("The yearly amount you choose, in yuan"),
            required=False,
            max_value=Decimal("1000000"),
            places=0,
            help_text=_("Empty: the lowest."),
        )
        self.fields["years"] = forms.IntegerField(
            label=_("For how many years"),
            required=False,
            min_value=1,
            max_value=80,
            widget=forms.TextInput(
                attrs={"class": "c-input c-input--short", "inputmode": "numeric"}
            ),
            error_messages={
                "invalid": _("Enter a whole number of years, for example 15."),
                "min_value": _("Enter at least 1 year."),
                "max_value": _("Enter at most 80 years."),
            },
            help_text=_("Empty: one year."),
        )

    def clean_years(self):
        # IntegerField reads any script's digits; the form takes only those on the keyboard.
        raw = (self.data.get("years") or "").translate(FULL_WIDTH).strip()
        if raw and not (raw.isascii() and raw.isdigit()):
            raise forms.ValidationError(gettext("Enter a whole number of years, for example 15."))
        return self.cleaned_data.get("years")


class LateFeeForm(forms.Form):
    use_required_attribute = False
    owed = AmountField(
        label=_("The contributions paid late, in yuan"),
        max_value=Decimal("10000000000"),
        error_messages={"required": _("Enter the amount paid late.")},
    )
    deadline = DayField(
        label=_("The last day they were due"),
        help_text=_("The deadline the employer missed, for example 2024-01-15."),
        error_messages={"required": _("Enter the day they were due.")},
    )
    paid = DayField(
        label=_("The day they were paid"),
        help_text=_("Today, if they are paid today."),
        error_messages={"required": _("Enter the day they were paid.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("deadline") and data.get("paid") and data["paid"] < data["deadline"]:
            self.add_error("paid", gettext("The day paid comes after the day they were due."))
        return data
