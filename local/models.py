"""Local rules: how a region's practice differs from the national guides.

A variation belongs to exactly one region and changes one thing: a step's text,
a material, a payment method. Offices and hotlines are a region's own. Every
one of them carries its source, when and by whom it was last verified, and a
status; only published ones reach citizens. Scoping anything by region is one
filter on ``region``.
"""

import copy
import datetime
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField
from modeltranslation.utils import build_localized_fieldname

from guides import placeholders, tree
from guides.markdown import render_or_escape, validate_markdown
from guides.models import Material, PaymentMethod, Step
from guides.placeholders import (
    UNIT_OF,
    WORDED,
    Insurance,
    Kind,
    Scheme,
    Unit,
    validate_placeholders,
)
from local import freshness, saying
from portal.concurrency import RevisionCounted
from regions.models import Region


class Status(models.TextChoices):
    """Where the latest version of a local item stands in review."""

    DRAFT = "draft", pgettext_lazy("review status", "Draft")
    IN_REVIEW = "review", pgettext_lazy("review status", "Waiting for review")
    RETURNED = "returned", pgettext_lazy("review status", "Returned for changes")
    PUBLISHED = "published", pgettext_lazy("review status", "Published")


# Fields of the review workflow itself, not of what the item says.
WORKFLOW_FIELDS = {
    "id", "revision", "status", "is_live", "pending", "authors", "submitted_by", "submitted_at",
    "reviewed_by", "reviewed_at", "review_comment", "updated_at", "translations_to_check",
    "withdrawn_at",
}  # fmt: skip

EARLIEST_VERIFIED = datetime.date(2000, 1, 1)
_UNREAD = object()  # what citizens saw of a local item, not yet worked out


def validate_verified_on(day: datetime.date) -> None:
    """A check against the source happened on a real day: not in the future, not in 0001."""
    if day < EARLIEST_VERIFIED:
        raise ValidationError(
            gettext("Give the day it was checked, on or after %(earliest)s."),
            params={"earliest": EARLIEST_VERIFIED.isoformat()},
            code="too_early",
        )
    if day > timezone.localdate():
        raise ValidationError(gettext("A check cannot be in the future: give the day it was done."))


def as_json(value):
    """A field's value as JSON keeps it: dates and decimals as text (exact), everything
    else as it is (None, whole numbers, booleans and text are JSON's own)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value) if isinstance(value, Decimal) else value


EARLIEST_PERIOD = datetime.date(1951, 1, 1)  # the Labour Insurance Regulations
LATEST_PERIOD = datetime.date(2100, 12, 31)


def validate_period_day(day: datetime.date) -> None:
    """A figure's period lies between the first social insurance rules and 2100."""
    if not EARLIEST_PERIOD <= day <= LATEST_PERIOD:
        raise ValidationError(
            gettext("Give a day between %(earliest)s and %(latest)s."),
            params={"earliest": EARLIEST_PERIOD.isoformat(), "latest": LATEST_PERIOD.isoformat()},
            code="out_of_range",
        )


class LocalQuerySet(models.QuerySet):
    def published(self) -> "LocalQuerySet":
        """What citizens see: items approved and not withdrawn."""
        return self.filter(is_live=True)

    def waiting_for_review(self) -> "LocalQuerySet":
        return self.filter(status=Status.IN_REVIEW)

    def for_regions(self, regions: list[Region]) -> "LocalQuerySet":
        return self.filter(region__in=[region.code for region in regions])


class LocalContent(RevisionCounted):
    """What every local item has: its region, its provenance and its status."""

    search_kind = "local"  # how search labels it (search.models.Entry.Kind)
    # What its name (str()) reads besides its region, to fetch with it in a list.
    named_with: tuple[str, ...] = ()

    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The province or city this applies to (and the cities below a province)."),
    )
    # Needed to submit an item for review or to publish it, not to save a draft
    # (local.workflow.missing_provenance).
    source = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Where it comes from: a link to the official page or the document's name."),
    )
    last_verified = models.DateField(
        null=True,
        blank=True,
        validators=[validate_verified_on],
        help_text=_("The day it was last checked against the source."),
    )
    verified_by = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("Who checked it, e.g. 'Shenzhen regional team'."),
    )
    is_demo = models.BooleanField(
        _("demonstration content"),
        default=False,
        help_text=_("Sample content shipped with the portal; labelled as such on every page."),
    )
    # Review. The item's fields are what citizens see once it is live; a change
    # proposed to a live item waits in `pending` until an editor approves it.
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    is_live = models.BooleanField(_("on the site"), default=False, editable=False)
    pending = models.JSONField(null=True, blank=True, editable=False)
    # Everyone who wrote part of the latest version since it was last published: none of
    # them may approve it (local.workflow).
    authors = models.JSONField(default=list, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    review_comment = models.TextField(blank=True, editable=False)
    # What the reviewer was shown when they returned it: on a resubmission, they see what
    # changed since.
    returned_content = models.JSONField(null=True, blank=True, editable=False)
    # When an editor last took it off the site: a page as it stood on a day leaves it out
    # from then until it is published again (local.history.as_they_stood).
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The columns of the latest version that may be out of date ("name_en"): the other
    # language's text changed after they were written (local.workflow keeps it).
    translations_to_check = models.JSONField(default=list, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LocalQuerySet.as_manager()

    class Meta:
        abstract = True

    # The row as read from the database, kept as it came (reading items for a page does no
    # more work): what citizens saw of it is worked out only when it is saved.
    _read: tuple | None = None
    _seen = _UNREAD

    @classmethod
    def from_db(cls, db, field_names, values):
        item = super().from_db(db, field_names, values)
        item._read = (field_names, values)
        return item

    def _shown(self) -> dict:
        return {field.attname: field.value_from_object(self) for field in self.content_fields()}

    def _seen_by_citizens(self) -> dict | None:
        """What citizens saw before this save: the content as read, if it was live then
        (None if not, or if it was read with fields deferred: then any save counts)."""
        if self._seen is _UNREAD:
            row = dict(zip(*self._read, strict=True)) if self._read else {}
            attnames = [field.attname for field in self.content_fields()]
            live = row.get("is_live") and all(name in row for name in attnames)
            self._seen = {name: row[name] for name in attnames} if live else None
        return self._seen

    def changes_what_citizens_see(self, *, deleted: bool = False) -> bool:
        """Whether this item, just saved (or deleted), changed what citizens see. Called
        once per save: what they see now is remembered for the next."""
        now = self._shown() if self.is_live and not deleted else None
        changed = now != self._seen_by_citizens()
        self._seen = now
        return changed

    @property
    def freshness_warning(self) -> str:
        """ "Not checked for over a year", for an item due a check (local.freshness)."""
        return freshness.warning() if freshness.is_due(self.last_verified) else ""

    @property
    def source_is_link(self) -> bool:
        return self.source.startswith(("https://", "http://"))

    def missing_texts(self) -> dict[str, str]:
        """A text the item must have, written in neither language (each language's column
        may be left empty, not both)."""
        errors = {}
        for name in tree.translated(type(self)):
            field = self._meta.get_field(name)
            if field.blank or not field.editable:
                continue
            if not any(getattr(self, column) for column in tree.in_each_language(name)):
                errors[name] = gettext("Write this in Chinese, in English or in both.")
        return errors

    def not_translated(self) -> list[str]:
        """The latest version's texts written in one language only, named for an editor."""
        return tree.not_translated(self.proposed().content(), tree.of_item(type(self)))

    def translations_flagged(self) -> list[str]:
        """The latest version's texts that may be out of date, named for an editor."""
        return tree.labels(
            self.proposed().content(), self.translations_to_check, tree.of_item(type(self))
        )

    def clean(self) -> None:
        if errors := self.missing_texts():
            raise ValidationError({on_the_form(type(self), k): v for k, v in errors.items()})

    @classmethod
    def content_fields(cls) -> list[models.Field]:
        """The fields that say something to citizens (and that a change proposes). A field
        written in each language is its columns, one per language (local.translation)."""
        both = tree.translated(cls)
        return [
            field
            for field in cls._meta.concrete_fields
            if field.editable and field.name not in WORKFLOW_FIELDS and field.name not in both
        ]

    def content(self) -> dict:
        """This item's content as JSON data, e.g. to keep as a pending proposal or a
        published version; with_content() reads it back, nulls included."""
        return {
            field.attname: as_json(field.value_from_object(self)) for field in self.content_fields()
        }

    def with_content(self, content: dict) -> "LocalContent":
        """A copy of this item (same row) saying what `content` says."""
        proposed = copy.copy(self)
        proposed._state = copy.copy(self._state)
        proposed._state.fields_cache = {}  # related rows follow the proposed ids
        for name in tree.translated(type(self)):  # kept before items had two languages
            english = build_localized_fieldname(name, "en")
            if name in content and english not in content:
                content = {**content, english: content[name]}
        for field in self.content_fields():
            if field.attname in content:
                setattr(proposed, field.attname, field.to_python(content[field.attname]))
        proposed.render_text()
        return proposed

    def render_text(self) -> None:
        """Work out what is derived from the item's words (a local text's HTML)."""

    def proposed(self) -> "LocalContent":
        """The latest version: the pending proposal if there is one, else the item itself."""
        return self.with_content(self.pending) if self.pending else self


class GuideChange(LocalContent):
    """A local item that changes one step of a national guide, shown on that step.

    Citizens read a guide's published version, not its working copy: where a page or the
    search index shows a change, local.localize.as_published() first gives it the step (and
    the national item) as published, which its labels and address then use.
    """

    published_step: Step | None = None

    class Meta:
        abstract = True

    @property
    def shown_step(self) -> Step:
        return self.published_step or self.step

    def get_absolute_url(self) -> str:
        return reverse_localized(self.step.guide.slug, self.region) + f"#{self.shown_step.anchor}"


def on_the_form(model, name: str) -> str:
    """Where an error about a field goes: a field written in each language is asked for in
    the language of the screen (in Chinese, unless the editor reads the admin in English)."""
    if name not in tree.translated(model):
        return name
    current = get_language()
    return build_localized_fieldname(name, current if current in tree.LANGUAGES else "zh-hans")


class ItemChange(GuideChange):
    """A change to one of a step's national items (a material, a payment method), or a local
    item added to the step. Subclasses name the item's field, the step's kind, the actions
    that need no national item, and the fields a local item must fill."""

    item_field: str  # "material", "method"
    item_name: str  # as messages say it: "material", "payment method"
    step_kind: str
    step_kind_error: str
    add_required: dict[str, str]  # field -> the message when a local item lacks it
    choose_error: str  # when a change of a national item names none
    adding_error: str  # when a local item added also names a national one
    other_step_error: str  # when the national item is not part of the chosen step

    class Meta:
        abstract = True

    published_item = None  # the national material or method as published (as_published)

    def __str__(self) -> str:
        # Translators: a region, what a local change does there (lower case), and the material
        # or payment method it changes: "Shenzhen: not needed here: Photocopy of ID card".
        return gettext("%(region)s: %(action)s: %(item)s") % {
            "region": self.region.name,
            "action": self.get_action_display().lower(),
            "item": self.label,
        }

    @property
    def item_id(self) -> int | None:
        return getattr(self, f"{self.item_field}_id")

    @property
    def national_item(self):
        """The national item this changes, as published if known, else as it is now."""
        return self.published_item or getattr(self, self.item_field)

    def clean(self) -> None:
        errors = self.missing_texts()
        if self.action == "add":
            if self.item_id:
                errors[self.item_field] = self.adding_error
            errors |= {name: message for name, message in self.add_required.items()
                       if not getattr(self, name)}  # fmt: skip
        elif not self.item_id:
            errors[self.item_field] = self.choose_error
        elif self.step_id and getattr(self, self.item_field).step_id != self.step_id:
            errors[self.item_field] = self.other_step_error
        errors |= self.clean_action()
        if self.step_id and self.step.kind != self.step_kind:
            errors["step"] = self.step_kind_error
        if errors:
            raise ValidationError({on_the_form(type(self), k): v for k, v in errors.items()})

    def clean_action(self) -> dict[str, str]:
        """Errors particular to one kind of change."""
        return {}


class StepChange(GuideChange):
    """A local note added to a step, or a local text that replaces the step's own."""

    named_with = ("step",)

    class Action(models.TextChoices):
        NOTE = "note", _("Add a local note")
        REPLACE = "replace", _("Replace the step's text")

    step = models.ForeignKey(
        Step,
        on_delete=models.PROTECT,
        related_name="local_changes",
        help_text=_("The step changed."),
    )
    action = models.CharField(max_length=10, choices=Action.choices, help_text=_("What it does."))
    text = MarkdownxField(
        validators=[validate_markdown, validate_placeholders],
        help_text=_("The note, or the step's local text, in Markdown."),
    )
    text_html = models.TextField(blank=True, editable=False)

    class Meta:
        db_table = "regions_stepchange"  # kept from when the regions app held it
        ordering = ["region", "step__guide", "step__position", "action"]
        verbose_name = _("local step note or text")
        verbose_name_plural = _("local step notes and texts")
        permissions = [("publish_stepchange", "Can publish local step notes and texts")]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "step", "action"],
                name="one_step_change_per_kind_and_region",
                violation_error_message=_(
                    "This region already has one of these for this step: edit that one instead."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="step_change_has_text",
                violation_error_message=_("Write the note or the step's local text."),
            ),
        ]

    def __str__(self) -> str:
        # Translators: a region, what a local change does there (lower case), and the step:
        # "Shenzhen: add a local note to step 2. Prepare materials".
        return gettext("%(region)s: %(action)s to step %(step)s") % {
            "region": self.region.name,
            "action": self.get_action_display().lower(),
            "step": self.step,
        }

    @property
    def summary(self) -> str:
        """What citizens read about the change, in a few words."""
        if self.action == self.Action.NOTE:
            return gettext("Local note")
        return gettext("Local text for this step")

    def as_text(self) -> tuple[str, str]:
        """Its title and body as a search result shows them."""
        step = self.shown_step
        titles = {
            # Translators: a local note found by search: "Step 2, Prepare materials: what
            # is different in Shenzhen".
            self.Action.NOTE: gettext(
                "Step %(number)s, %(title)s: what is different in %(region)s"
            ),
            # Translators: a step's text replaced for a region, found by search.
            self.Action.REPLACE: gettext(
                "Step %(number)s, %(title)s: how it is done in %(region)s"
            ),
        }
        title = titles[self.action] % {
            "number": step.position,
            "title": step.title,
            "region": self.region.name,
        }
        return title, strip_tags(self.text_html)

    def save(self, *args, **kwargs) -> None:
        self.render_text()
        super().save(*args, **kwargs)

    def render_text(self) -> None:
        for code in tree.LANGUAGES:  # each language's text, rendered
            text = getattr(self, build_localized_fieldname("text", code)) or ""
            setattr(self, build_localized_fieldname("text_html", code), render_or_escape(text))


class MaterialChange(ItemChange):
    """A local material added to a materials step, or a national one not needed or different."""

    named_with = ("step", "material")

    item_field = "material"
    item_name = _("material")
    step_kind = Step.Kind.MATERIALS
    step_kind_error = _("Materials belong to a 'Prepare materials' step.")
    add_required = {"name": _("Name the local material.")}
    choose_error = _("Choose the national material this changes.")
    adding_error = _("Leave this empty when adding a local material.")
    other_step_error = _("This material is not part of the chosen step.")

    class Action(models.TextChoices):
        ADD = "add", _("Add a local material")
        NOT_NEEDED = "not_needed", _("Not needed here")
        DIFFERENT = "different", _("Different here")

    step = models.ForeignKey(
        Step,
        on_delete=models.PROTECT,
        related_name="local_material_changes",
        help_text=_("The 'Prepare materials' step."),
    )
    action = models.CharField(max_length=10, choices=Action.choices, help_text=_("What it does."))
    material = models.ForeignKey(
        Material,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_changes",
        help_text=_("The national material not needed or different here; empty when adding one."),
    )
    name = models.CharField(
        max_length=200, blank=True, help_text=_("For a local material: what it is.")
    )
    original = models.BooleanField(default=False, help_text=_("For a local material."))
    photocopy = models.BooleanField(default=False, help_text=_("For a local material."))
    condition = models.CharField(
        max_length=200, blank=True, help_text=_("For a local material: when it is needed.")
    )
    notes = models.TextField(
        blank=True,
        help_text=_("What is different here (required for 'Different here'), or more detail."),
    )

    class Meta:
        db_table = "regions_materialchange"  # kept from when the regions app held it
        ordering = ["region", "step__guide", "step__position", "pk"]
        verbose_name = _("local material")
        verbose_name_plural = _("local materials")
        permissions = [("publish_materialchange", "Can publish local materials")]
        constraints = [
            models.CheckConstraint(
                condition=Q(action="add", material__isnull=True) & ~Q(name="")
                | Q(action="not_needed", material__isnull=False)
                | Q(action="different", material__isnull=False) & ~Q(notes=""),
                name="material_change_is_complete",
                violation_error_message=_(
                    "A local material needs a name and no national material; 'not needed' and "
                    "'different' need the national material, and 'different' says how."
                ),
            ),
            models.UniqueConstraint(
                fields=["region", "material"],
                condition=Q(material__isnull=False),
                name="one_change_per_material_and_region",
                violation_error_message=_(
                    "This region already changes this material: edit that change instead."
                ),
            ),
        ]

    @property
    def summary(self) -> str:
        """What citizens read about the change, in a few words."""
        if self.action == self.Action.ADD:
            return gettext("Also bring: %(material)s") % {"material": self.label}
        # Translators: a material or payment method, and what a region changes about it
        # (lower case): "Photocopy of ID card: not needed here".
        return gettext("%(item)s: %(action)s") % {
            "item": self.label,
            "action": self.get_action_display().lower(),
        }

    @property
    def label(self) -> str:
        if self.material_id:
            return self.national_item.label
        return Material(
            name=self.name,
            original=self.original,
            photocopy=self.photocopy,
            condition=self.condition,
        ).label

    def as_text(self) -> tuple[str, str]:
        titles = {
            # Translators: a local material found by search: "Residence permit: also needed
            # in Shenzhen".
            self.Action.ADD: gettext("%(item)s: also needed in %(region)s"),
            self.Action.NOT_NEEDED: gettext("%(item)s: not needed in %(region)s"),
            self.Action.DIFFERENT: gettext("%(item)s: different in %(region)s"),
        }
        return titles[self.action] % {"item": self.label, "region": self.region.name}, self.notes

    def clean_action(self) -> dict[str, str]:
        if self.action == self.Action.DIFFERENT and not self.notes:
            return {"notes": gettext("Say what is different here.")}
        return {}


class MethodChange(ItemChange):
    """A national payment method not available here, or a local one added."""

    named_with = ("step", "method")

    item_field = "method"
    item_name = _("payment method")
    step_kind = Step.Kind.METHODS
    step_kind_error = _("Payment methods belong to a 'Choose a payment method' step.")
    add_required = {name: _("Required for a local payment method.")
                    for name in ("kind", "name", "description")}  # fmt: skip
    choose_error = _("Choose the national payment method not available here.")
    adding_error = _("Leave this empty when adding a local payment method.")
    other_step_error = _("This payment method is not part of the chosen step.")

    class Action(models.TextChoices):
        ADD = "add", _("Add a local payment method")
        UNAVAILABLE = "unavailable", _("Not available here")

    step = models.ForeignKey(
        Step,
        on_delete=models.PROTECT,
        related_name="local_method_changes",
        help_text=_("The 'Choose a payment method' step."),
    )
    action = models.CharField(max_length=12, choices=Action.choices, help_text=_("What it does."))
    method = models.ForeignKey(
        PaymentMethod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_changes",
        help_text=_("The national method not available here; empty when adding one."),
    )
    kind = models.CharField(
        max_length=20,
        choices=PaymentMethod.Kind.choices,
        blank=True,
        help_text=_("For a local method: its kind."),
    )
    name = models.CharField(max_length=100, blank=True, help_text=_("For a local method."))
    description = models.TextField(blank=True, help_text=_("For a local method: how it works."))
    where = models.CharField(max_length=200, blank=True, help_text=_("For a local method."))
    you_need = models.CharField(max_length=200, blank=True, help_text=_("For a local method."))
    # Translators: the field holding a payment method's web address.
    url = models.URLField(
        _("link"), blank=True, help_text=_("For a local method: its official online service.")
    )
    notes = models.TextField(blank=True, help_text=_("Why, or anything else citizens should know."))

    class Meta:
        db_table = "regions_methodchange"  # kept from when the regions app held it
        ordering = ["region", "step__guide", "step__position", "pk"]
        verbose_name = _("local payment method")
        verbose_name_plural = _("local payment methods")
        permissions = [("publish_methodchange", "Can publish local payment methods")]
        constraints = [
            models.CheckConstraint(
                condition=Q(action="add", method__isnull=True)
                & ~Q(kind="")
                & ~Q(name="")
                & ~Q(description="")
                | Q(action="unavailable", method__isnull=False),
                name="method_change_is_complete",
                violation_error_message=_(
                    "A local payment method needs a kind, a name and a description and no "
                    "national method; 'not available' needs the national method."
                ),
            ),
            models.UniqueConstraint(
                fields=["region", "method"],
                condition=Q(method__isnull=False),
                name="one_change_per_method_and_region",
                violation_error_message=_(
                    "This region already marks this payment method: edit that change instead."
                ),
            ),
        ]

    @property
    def label(self) -> str:
        return self.national_item.name if self.method_id else self.name

    @property
    def summary(self) -> str:
        """What citizens read about the change, in a few words."""
        if self.action == self.Action.ADD:
            return gettext("Also a way to pay here: %(method)s") % {"method": self.label}
        return gettext("%(item)s: %(action)s") % {
            "item": self.label,
            "action": self.get_action_display().lower(),
        }

    def as_text(self) -> tuple[str, str]:
        titles = {
            # Translators: a local payment method found by search: "WeChat Pay: another way
            # to pay in Shenzhen".
            self.Action.ADD: gettext("%(item)s: another way to pay in %(region)s"),
            self.Action.UNAVAILABLE: gettext("%(item)s: not offered in %(region)s"),
        }
        title = titles[self.action] % {"item": self.label, "region": self.region.name}
        return title, f"{self.description}\n{self.notes}"


class Office(LocalContent):
    """A place to pay in person: a social insurance office or a designated bank."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("Social insurance office")
        BANK = "bank", _("Designated bank")

    kind = models.CharField(max_length=10, choices=Kind.choices, help_text=_("What kind of place."))
    name = models.CharField(max_length=200, help_text=_("Its name as citizens see it on the door."))
    address = models.CharField(max_length=300, help_text=_("Street address."))
    opening_hours = models.CharField(
        max_length=200, help_text=_("e.g. Monday to Friday, 9:00 to 17:00.")
    )
    phone = models.CharField(max_length=40, blank=True, help_text=_("A phone number, if any."))
    # Translators: the field holding an office's or bank's web address.
    url = models.URLField(_("link"), blank=True, help_text=_("Its official web page, if any."))

    class Meta:
        db_table = "regions_office"  # kept from when the regions app held it
        ordering = ["region", "-kind", "name"]  # offices before banks
        verbose_name = _("office or designated bank")
        verbose_name_plural = _("offices and designated banks")
        permissions = [("publish_office", "Can publish offices and designated banks")]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unique_office_name_in_region"),
        ]

    def __str__(self) -> str:
        return f"{self.region.name}: {self.name}"

    def as_text(self) -> tuple[str, str]:
        title = in_region(self.region, self.name)
        return title, f"{self.address}\n{self.opening_hours}\n{self.phone}"

    def get_absolute_url(self) -> str:
        return self.region.get_absolute_url() + "#offices"


class Hotline(LocalContent):
    """A phone line citizens can call about paying contributions in a region."""

    name = models.CharField(max_length=200, help_text=_("e.g. Social security service hotline."))
    number = models.CharField(max_length=40, help_text=_("The number to dial, e.g. 12333."))
    hours = models.CharField(max_length=200, blank=True, help_text=_("When it answers, if known."))

    class Meta:
        db_table = "regions_hotline"  # kept from when the regions app held it
        ordering = ["region", "name"]
        verbose_name = _("hotline")
        verbose_name_plural = _("hotlines")
        permissions = [("publish_hotline", "Can publish hotlines")]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "number"], name="unique_hotline_number_in_region"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region.name}: {self.name} {self.number}"

    def as_text(self) -> tuple[str, str]:
        return in_region(self.region, f"{self.name}: {self.number}"), self.hours

    def get_absolute_url(self) -> str:
        return self.region.get_absolute_url() + "#hotlines"


def validate_phone_number(number: str) -> None:
    """A number to dial: digits, with hyphens or spaces between groups (0755-12333)."""
    if not re.fullmatch(r"[0-9]+(?:[- ][0-9]+)*", number):
        raise ValidationError(
            gettext("Write the number to dial in digits, e.g. 12333 or 0755-12333."),
            code="not_a_number",
        )


class Service(LocalContent):
    """A service citizens are sent to: a website, an app or a phone line, kept as data so
    that every guide's text links the one that serves its region, with the day its link
    or number was last checked.

    A guide's text names one with ``{{ service <name> }}`` (guides.placeholders). A
    region's own (its province's electronic tax service) wins over its province's, which
    wins over the national one (local.figures).
    """

    Name = placeholders.Service
    search_kind = "service"  # a pointer to a service, not a local rule

    # Like a figure, a service may be national: then it has no region, and only editors
    # keep it (regional staff see their own regions only: editorial.scoping).
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The province or city it serves; empty for a national service."),
    )
    kind = models.CharField(
        _("which service"),
        max_length=20,
        choices=placeholders.Service.choices,
        help_text=_("What the guides' texts call it: {{ service name }} links this one here."),
    )
    name = models.CharField(
        max_length=200,
        help_text=_("Its name as a sentence says it, e.g. 'the Guangdong electronic tax service'."),
    )
    url = models.URLField(
        _("link"), blank=True, help_text=_("Its address, for a website or an app's page.")
    )
    number = models.CharField(
        max_length=40,
        blank=True,
        validators=[validate_phone_number],
        help_text=_("For a phone line: the number to dial, e.g. 12366."),
    )
    notes = models.CharField(
        max_length=300, blank=True, help_text=_("What citizens do there, in a few words.")
    )

    class Meta:
        ordering = ["region", "kind"]
        verbose_name = _("service (website, app or phone line)")
        verbose_name_plural = _("services (websites, apps and phone lines)")
        permissions = [("publish_service", "Can publish services")]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind"],
                condition=Q(region__isnull=False),
                name="one_service_of_a_kind_per_region",
                violation_error_message=_(
                    "This region already has this service: edit that one instead."
                ),
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(region__isnull=True),
                name="one_national_service_of_a_kind",
                violation_error_message=_(
                    "There is already a national one of these: edit that one instead."
                ),
            ),
        ]

    def __str__(self) -> str:
        place = self.region.name if self.region_id else gettext("National")
        return f"{place}: {capfirst(self.name)}"

    @property
    def by_phone(self) -> bool:
        return self.kind in placeholders.PHONE_SERVICES

    def clean(self) -> None:
        errors = self.missing_texts()
        if self.by_phone:
            if not self.number:
                errors["number"] = gettext("Give the number to dial.")
            if self.url:
                errors["url"] = gettext("A phone line has a number, not a link: leave this empty.")
        else:
            if self.number:
                errors["number"] = gettext("Only a phone line has a number: leave this empty.")
            if not self.url and self.kind != placeholders.Service.SI_APP:
                errors["url"] = gettext("Give its address.")
        if errors:
            raise ValidationError({on_the_form(type(self), k): v for k, v in errors.items()})

    def as_text(self) -> tuple[str, str]:
        title = in_region(self.region, capfirst(self.name))
        return title, " ".join(filter(None, [self.number, self.url, self.notes]))

    def get_absolute_url(self) -> str:
        if self.region_id is None:
            return reverse("local:index") + "#services"
        return self.region.get_absolute_url() + "#services"


class FigureQuerySet(LocalQuerySet):
    def in_force(self, on: datetime.date) -> "FigureQuerySet":
        """Figures whose period includes the day `on` (the one rule, also in Figure.in_force_on)."""
        return self.filter(Q(in_force_until__isnull=True) | Q(in_force_until__gte=on),
                           in_force_from__lte=on)  # fmt: skip


class Figure(LocalContent):
    """A dated figure: how much, at what rate, by when, or who collects, for one scheme and
    insurance in one region (or nationally), in force for a period.

    A city's figure wins over its province's, which wins over the national one
    (local.figures); the page for a date shows those in force that day. A guide's text
    names one with a placeholder (guides.placeholders) that each page fills in.
    """

    Scheme = Scheme
    Insurance = Insurance
    Kind = Kind

    # Unlike other local items, a figure may hold nationally: then it has no region, and
    # only editors keep it (regional staff see their own regions only: editorial.scoping).
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The province or city it holds in; empty for a national figure."),
    )
    scheme = models.CharField(max_length=10, choices=Scheme.choices, help_text=_("Who pays."))
    insurance = models.CharField(
        max_length=15, choices=Insurance.choices, help_text=_("The insurance it is for.")
    )
    kind = models.CharField(
        max_length=40, choices=Kind.choices, help_text=_("What the figure is; its unit follows.")
    )
    amount = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("The number, for an amount, a rate or a day."),
    )
    text = models.CharField(
        _("words"),
        max_length=200,
        blank=True,
        help_text=_("For a payment window or an authority: the words citizens read."),
    )
    in_force_from = models.DateField(
        _("in force from"),
        validators=[validate_period_day],
        help_text=_("The first day it applies. It may be in the future: it goes live that day."),
    )
    in_force_until = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        validators=[validate_period_day],
        help_text=_("The last day it applies; empty until it is replaced."),
    )
    source_url = models.URLField(
        _("link to the source"), blank=True, help_text=_("The notice's page, if it has one.")
    )
    reliability = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("How the source was read, e.g. 'secondary news report'."),
    )

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["region", "scheme", "insurance", "kind", "-in_force_from"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        permissions = [("publish_figure", "Can publish figures")]
        constraints = [
            models.CheckConstraint(
                condition=Q(in_force_until__isnull=True)
                | Q(in_force_until__gte=F("in_force_from")),
                name="figure_period_ends_after_it_starts",
                violation_error_message=_("A figure's last day comes on or after its first."),
            ),
        ]

    def __str__(self) -> str:
        # Translators: where a figure holds, what it is, its scheme and insurance, and its
        # first day: "Shanghai: lowest contribution base (flexible workers, all insurances),
        # from 2023-07-01".
        return gettext("%(region)s: %(kind)s (%(scheme)s, %(insurance)s), from %(start)s") % {
            "region": self.region.name if self.region_id else gettext("National"),
            "kind": self.get_kind_display(),
            "scheme": self.get_scheme_display(),
            "insurance": self.get_insurance_display(),
            "start": self.in_force_from.isoformat() if self.in_force_from else "…",
        }

    @property
    def key(self) -> str:
        return placeholders.key(self.scheme, self.insurance, self.kind)

    @property
    def unit(self) -> str:
        return UNIT_OF[self.kind]

    @property
    def is_worded(self) -> bool:
        return self.unit in WORDED

    @property
    def anchor(self) -> str:
        return f"figure-{self.pk}"

    def in_force_on(self, day: datetime.date) -> bool:
        return self.in_force_from <= day and (
            self.in_force_until is None or day <= self.in_force_until
        )

    def clean(self) -> None:
        errors = {}
        if self.kind in UNIT_OF:
            if self.is_worded:
                if self.amount is not None:
                    errors["amount"] = gettext(
                        "This kind of figure is words: leave the number empty."
                    )
                if not any(getattr(self, column) for column in tree.in_each_language("text")):
                    errors["text"] = gettext("Write the words, in Chinese, in English or in both.")
            else:
                if self.amount is None:
                    errors["amount"] = gettext("Give the number.")
                elif self.unit in (Unit.PERCENT, Unit.PERCENT_OF_BASE) and self.amount > 1000:
                    errors["amount"] = gettext("A share or rate is at most 1,000 percent.")
                elif self.unit == Unit.DAY and not (
                    1 <= self.amount <= 31 and self.amount == int(self.amount)
                ):
                    errors["amount"] = gettext("A day of the month is a whole number from 1 to 31.")
                if any(getattr(self, column) for column in tree.in_each_language("text")):
                    errors["text"] = gettext(
                        "This kind of figure is a number: leave the words empty."
                    )
        if self.in_force_from and self.in_force_until and self.in_force_until < self.in_force_from:
            errors["in_force_until"] = gettext("The last day comes on or after the first.")
        elif self.in_force_from and not errors and (overlap := self.overlapping()):
            errors["in_force_from"] = gettext(
                "Another figure of this kind already holds here for part of this period: "
                "%(other)s. Give it a last day first, or change this one's dates."
            ) % {"other": overlap}
        if errors:
            raise ValidationError({on_the_form(type(self), k): v for k, v in errors.items()})

    def overlapping(self) -> "Figure | None":
        """Another figure for the same region, scheme, insurance and kind, in force on a day
        of this one's period."""
        others = Figure.objects.filter(
            region=self.region_id, scheme=self.scheme, insurance=self.insurance, kind=self.kind
        ).exclude(pk=self.pk)
        if self.in_force_until is not None:
            others = others.filter(in_force_from__lte=self.in_force_until)
        others = others.filter(
            Q(in_force_until__isnull=True) | Q(in_force_until__gte=self.in_force_from)
        )
        return others.select_related("region__parent").first()

    def as_text(self) -> tuple[str, str]:
        """Its title and body as a search result shows them: what, for whom, how much."""
        # Translators: a figure found by search: what it is, the scheme, the insurance and
        # its value: "Lowest contribution base (flexible workers, all insurances): 7,310
        # yuan a month".
        title = gettext("%(kind)s (%(scheme)s, %(insurance)s): %(value)s") % {
            "kind": capfirst(self.get_kind_display()),
            "scheme": self.get_scheme_display(),
            "insurance": self.get_insurance_display(),
            "value": saying.say(self),
        }
        body = gettext("How much and by when to pay. In force %(period)s. Source: %(source)s") % {
            "period": saying.period(self),
            "source": self.source,
        }
        return in_region(self.region, title), body

    def get_absolute_url(self) -> str:
        if self.region_id is None:
            return reverse("local:national_figures") + f"#{self.anchor}"
        return reverse("local:figures", kwargs={"path": self.region.path}) + f"#{self.anchor}"


def in_region(region: Region | None, title: str) -> str:
    """A local item's title in a search result, after the region it holds in."""
    # Translators: a local item found by search: its region, then what it is.
    return gettext("%(region)s: %(title)s") % {
        "region": region.name if region else gettext("National"),
        "title": title,
    }


def reverse_localized(slug: str, region: Region, view: str = "guide") -> str:
    """The address of a guide (or its checklist) for a region."""
    return reverse(f"local:{view}", kwargs={"slug": slug, "region": region.path})


# The kinds of local item that change a guide's steps, and those a region has of its own.
GUIDE_CHANGES = [StepChange, MaterialChange, MethodChange]
REGION_ITEMS = [Office, Hotline]
# Every kind of local item, in the order pages list them.
LOCAL_MODELS = [*GUIDE_CHANGES, *REGION_ITEMS, Service, Figure]
