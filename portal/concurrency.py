"""No lost edits: a save based on an older revision of an object is refused.

Every save of an object is a revision, counted (``revision``); published states
are "versions" (guides' GuideVersion, local items' PublishedVersion), a word kept
for them. The admin form carries the revision the editor opened. On save, the row
is locked (select_for_update inside the admin's transaction; SQLite's immediate
transactions serialise writers) and its revision compared. If someone saved in
between, the form comes back with the editor's input intact, what now differs,
who saved and when, and the current version, so a second save after merging
goes through. Nothing is overwritten silently.
"""

import contextlib
import time

from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext


class RevisionCounted(models.Model):
    """Counts saves (revisions), so an edit based on an older one can be refused (below)."""

    revision = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            self.revision += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "revision"}
        super().save(*args, **kwargs)


class ConcurrencyCheckedForm(forms.ModelForm):
    edit_revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["edit_revision"] = self.instance.revision

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        model = type(self.instance)
        current = (
            model._default_manager.select_for_update(of=("self",))
            .filter(pk=self.instance.pk)
            .order_by()
            .first()
        )
        if current is None:
            raise ValidationError(
                gettext(
                    "This %(item)s was deleted by someone else while you were editing it. Copy "
                    "anything you need from the form before you leave the page."
                )
                % {"item": model._meta.verbose_name}
            )
        if cleaned.get("edit_revision") != current.revision:
            data = self.data.copy()
            data[self.add_prefix("edit_revision")] = current.revision
            self.data = data
            raise ValidationError(self._conflict_message(current))
        return cleaned

    def _conflict_message(self, current) -> str:
        entry = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(current),
                object_id=str(current.pk),
            )
            .select_related("user")
            .order_by("-action_time")
            .first()
        )
        values = {"item": current._meta.verbose_name}
        if entry:
            values["name"] = entry.user.get_username()
            values["when"] = date_format(timezone.localtime(entry.action_time), "j F Y, H:i")
            saved = gettext(
                "%(name)s (at %(when)s) saved this %(item)s after you opened it, so your changes "
                "were not saved."
            )
        else:
            saved = gettext(
                "Someone else saved this %(item)s after you opened it, so your changes were not "
                "saved."
            )
        sentences = [saved % values]
        differing = [
            str(self.fields[name].label or name) for name in self.changed_fields_against(current)
        ]
        if differing:
            # Translators: %(fields)s lists the form's field labels, separated by commas.
            sentences.append(
                gettext("The saved version differs from yours in: %(fields)s.")
                % {"fields": ", ".join(differing)}
            )
        sentences.append(
            gettext(
                "Your input is kept below: compare it with the saved version (open it in a new "
                "tab), then save again to replace it."
            )
        )
        return " ".join(sentences)

    def changed_fields_against(self, current) -> list[str]:
        names = []
        for name in self.fields:
            if name == "edit_revision" or name not in self.cleaned_data:
                continue
            saved = getattr(current, name, None)
            saved = getattr(saved, "pk", saved)
            mine = self.cleaned_data[name]
            mine = getattr(mine, "pk", mine)
            if saved != mine:
                names.append(name)
        return names


class ConcurrentEditAdminMixin:
    """Use on a ModelAdmin of a RevisionCounted model."""

    form = ConcurrencyCheckedForm

    def get_fieldsets(self, request, obj=None):
        return [*super().get_fieldsets(request, obj), *self.revision_fieldsets(request, obj)]

    def revision_fieldsets(self, request, obj=None) -> list:
        """The hidden revision field; admins that build their own fieldsets add it too."""
        if obj is not None and self.has_change_permission(request, obj):
            return [(None, {"fields": ["edit_revision"], "classes": ["hidden"]})]
        return []


# --- Who else has it open -----------------------------------------------------------

OPEN_FOR = 15 * 60  # seconds an opened form counts as open


def others_editing(request, obj) -> list[tuple[str, float]]:
    """Who else opened `obj`'s form in the last quarter of an hour (name, minutes ago), and
    note that this user has it open now. Kept in the shared cache, written when a form is
    shown: no polling and no JavaScript, so it says who opened it, not who is still there."""
    from django.core.cache import cache

    key = f"open:{obj._meta.label_lower}:{obj.pk}"
    now = time.time()
    try:
        kept = cache.get(key) or {}
    except Exception:  # the shared cache is down: the form works, without this
        return []
    opened = {user_id: (name, when) for user_id, (name, when) in kept.items()
              if now - when < OPEN_FOR}  # fmt: skip
    others = [
        (name, round((now - when) / 60))
        for user_id, (name, when) in opened.items()
        if user_id != request.user.pk
    ]
    opened[request.user.pk] = (request.user.get_username(), now)
    with contextlib.suppress(Exception):  # as above
        cache.set(key, opened, OPEN_FOR)
    return sorted(others)
