from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

KINDS = {
    "": (_("Everything"), ["tool", "guide", "step", "local", "service", "law"]),
    "guides": (_("Guides"), ["guide", "step", "local", "service"]),
    "law": (_("The law"), ["law"]),
}
MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, strip=True)
    kind = forms.ChoiceField(
        label=pgettext_lazy("which kinds of search result to show", "Show"),
        required=False,
        choices=[(value, label) for value, (label, _kinds) in KINDS.items()],
    )
    region = forms.CharField(required=False, widget=forms.HiddenInput)
    page = forms.IntegerField(required=False, min_value=1, max_value=1000)

    def clean_q(self) -> str:
        # A very long query is cut, not refused: the first words carry the meaning.
        return self.cleaned_data["q"][:MAX_QUERY_LENGTH]
