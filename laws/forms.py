import datetime

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class InForceOnForm(forms.Form):
    """Pick the date to show a statute or article as it was in force on."""

    on = forms.DateField(
        label=_("Show the text in force on"),
        help_text=_("Year, month and day, for example 2015-06-01."),
        input_formats=["%Y-%m-%d"],
        # A text field, not type="date": GOV.UK's research found native date
        # pickers hard to use, and an invalid value must be shown back as typed.
        widget=forms.TextInput(attrs={"class": "c-input c-input--date", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter a date."),
            "invalid": _("Enter a real date, for example 2015-06-01."),
        },
    )

    def clean_on(self) -> datetime.date:
        on = self.cleaned_data["on"]
        if on.year < 1949:
            raise forms.ValidationError(gettext("Enter a date from 1949 onwards."))
        return on
