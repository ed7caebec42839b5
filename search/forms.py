from django import forms

KINDS = {
    "": ("Everything", ["guide", "step", "local", "law"]),
    "guides": ("Guides", ["guide", "step", "local"]),
    "law": ("The law", ["law"]),
}
MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, strip=True)
    kind = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[(value, label) for value, (label, _) in KINDS.items()],
    )
    region = forms.CharField(required=False, widget=forms.HiddenInput)
    page = forms.IntegerField(required=False, min_value=1, max_value=1000)

    def clean_q(self) -> str:
        # A very long query is cut, not refused: the first words carry the meaning.
        return self.cleaned_data["q"][:MAX_QUERY_LENGTH]
