from django import forms
from django.core import signing
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from feedback.models import COMMENT_LENGTH, Feedback
from feedback.routing import is_public_page

# A comment added to an answer already given carries its id, signed, for an hour: only the
# page that thanked the visitor can add to it, with no session and no cookie.
SALT = "feedback.comment"
COMMENT_WINDOW = 60 * 60


def token_for(feedback: Feedback) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(feedback.pk))


def feedback_from_token(token: str) -> Feedback | None:
    try:
        pk = signing.TimestampSigner(salt=SALT).unsign(token, max_age=COMMENT_WINDOW)
    except signing.BadSignature:
        return None
    return Feedback.objects.filter(pk=pk, comment="").first()


class FeedbackForm(forms.Form):
    page = forms.CharField(max_length=300, widget=forms.HiddenInput)
    useful = forms.ChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))], required=False, widget=forms.HiddenInput
    )
    about = forms.ChoiceField(
        choices=[("problem", "problem")], required=False, widget=forms.HiddenInput
    )
    token = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("What is wrong, missing or unclear?"),
        max_length=COMMENT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "c-input"}),
        help_text=_("At most 2,000 characters. Do not write your name, ID number or phone number."),
    )
    # Left empty by people (it is not shown to them); filled by robots that fill everything.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        asked = self.data if self.is_bound else self.initial
        if asked.get("about") == "problem" and not asked.get("token"):
            # A report is its words: they are asked for, not optional.
            self.fields["comment"].required = True
            self.fields["comment"].error_messages["required"] = gettext("Say what the problem is.")

    def clean_page(self) -> str:
        page = self.cleaned_data["page"]
        if not is_public_page(page):
            raise forms.ValidationError(gettext("That is not a page of this site."))
        return page

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("token"):
            data["answered"] = feedback_from_token(data["token"])
            if data["answered"] is None:
                raise forms.ValidationError(
                    gettext(
                        "This answer can no longer be added to (it was sent over an hour ago, "
                        "or already has a comment). Send it as a new report instead."
                    )
                )
        elif data.get("about") == "problem":
            pass  # its words are required (see __init__)
        elif not data.get("useful"):
            raise forms.ValidationError(gettext("Say whether the page was useful."))
        return data

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def kind(self) -> str:
        data = self.cleaned_data
        if data.get("about") == "problem":
            return Feedback.Kind.PROBLEM
        return Feedback.Kind.USEFUL if data.get("useful") == "yes" else Feedback.Kind.NOT_USEFUL
