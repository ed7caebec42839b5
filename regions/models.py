"""Regions and their local variations of the national guides.

A variation belongs to exactly one region and changes one thing: a step's text,
a material, a payment method. Offices and hotlines are a region's own. Every
one of them carries its source, when and by whom it was last verified, and a
status; only published ones reach citizens. Scoping anything by region is one
filter on ``region``.
"""

import copy
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from markdownx.models import MarkdownxField

from editorial.models import Versioned
from guides.markdown import render_or_escape, validate_markdown
from guides.models import Material, PaymentMethod, Step


class RegionQuerySet(models.QuerySet):
    def provinces_with_cities(self) -> list["Region"]:
        """Every province, in code order, each with `cities`: its cities in code order."""
        regions = list(self.order_by("code"))
        provinces = [region for region in regions if not region.is_city]
        cities: dict[str, list[Region]] = {province.code: [] for province in provinces}
        for region in regions:
            if region.is_city:
                cities[region.parent_id].append(region)
        for province in provinces:
            province.cities = cities[province.code]
        return provinces

    def get_by_path(self, path: str) -> "Region":
        """The region at a URL path: '440000' (a province) or '440000/440300' (one of its cities).

        A city without its province, or under another one, does not exist here.
        """
        regions = self.select_related("parent")
        match path.split("/"):
            case [province]:
                return regions.get(code=province, level=Region.Level.PROVINCE)
            case [province, city]:
                return regions.get(code=city, parent_id=province)
        raise Region.DoesNotExist(path)


class Region(models.Model):
    """A province-level division, or a city below one (GB/T 2260): a prefecture-level
    division, or a county-level one that reports directly to its province (Xiantao)."""

    class Level(models.TextChoices):
        PROVINCE = "province", "Province-level division"
        CITY = "city", "City (prefecture-level, or county-level under the province)"

    code = models.CharField(
        max_length=6, primary_key=True, help_text="Six-digit GB/T 2260 code, e.g. 440300."
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The province a city belongs to; empty for a province.",
    )
    level = models.CharField(max_length=10, choices=Level.choices, help_text="Province or city.")
    kind = models.CharField(
        max_length=40,
        help_text=(
            "province, municipality, autonomous region, prefecture, or county-level under the "
            "province."
        ),
    )
    name_zh = models.CharField("Chinese name", max_length=50, help_text="e.g. 深圳市.")
    name_en = models.CharField("English name", max_length=50, help_text="e.g. Shenzhen.")

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "region"
        verbose_name_plural = "regions"
        constraints = [
            models.CheckConstraint(
                condition=Q(level="province", parent__isnull=True)
                | Q(level="city", parent__isnull=False),
                name="region_city_has_a_province",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[1-9][0-9]{5}$"), name="region_code_six_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name_en

    def get_absolute_url(self) -> str:
        return reverse("regions:region", kwargs={"path": self.path})

    @property
    def is_city(self) -> bool:
        return self.level == self.Level.CITY

    @property
    def path(self) -> str:
        """The region's part of a URL: '440000' for a province, '440000/440300' for a city."""
        return f"{self.parent_id}/{self.code}" if self.is_city else self.code

    @property
    def province(self) -> "Region":
        """The province-level division: the region itself, or a city's province."""
        return self.parent if self.is_city else self

    @property
    def chain(self) -> list["Region"]:
        """The region and those above it, farthest first: the order variations apply in."""
        return [self.parent, self] if self.is_city else [self]

    @property
    def full_name_en(self) -> str:
        return f"{self.name_en}, {self.parent.name_en}" if self.is_city else self.name_en

    @property
    def full_name_zh(self) -> str:
        return f"{self.parent.name_zh}{self.name_zh}" if self.is_city else self.name_zh


class Status(models.TextChoices):
    """Where the latest version of a local item stands in review."""

    DRAFT = "draft", "Draft"
    IN_REVIEW = "review", "Waiting for review"
    RETURNED = "returned", "Returned for changes"
    PUBLISHED = "published", "Published"


# Fields of the review workflow itself, not of what the item says.
WORKFLOW_FIELDS = {
    "id", "version", "status", "is_live", "pending", "authors", "submitted_by", "submitted_at",
    "reviewed_by", "reviewed_at", "review_comment", "updated_at",
}  # fmt: skip

EARLIEST_VERIFIED = datetime.date(2000, 1, 1)


def validate_verified_on(day: datetime.date) -> None:
    """A check against the source happened on a real day: not in the future, not in 0001."""
    if day < EARLIEST_VERIFIED:
        raise ValidationError(
            "Give the day it was checked, on or after %(earliest)s.",
            params={"earliest": EARLIEST_VERIFIED.isoformat()},
            code="too_early",
        )
    if day > timezone.localdate():
        raise ValidationError("A check cannot be in the future: give the day it was done.")


def as_json(value):
    """A field's value as JSON keeps it: dates as ISO text, everything else as it is
    (None, numbers, booleans and text are JSON's own)."""
    return value.isoformat() if isinstance(value, datetime.date) else value


class LocalQuerySet(models.QuerySet):
    def published(self) -> "LocalQuerySet":
        """What citizens see: items approved and not withdrawn."""
        return self.filter(is_live=True)

    def waiting_for_review(self) -> "LocalQuerySet":
        return self.filter(status=Status.IN_REVIEW)

    def for_regions(self, regions: list[Region]) -> "LocalQuerySet":
        return self.filter(region__in=[region.code for region in regions])


class LocalContent(Versioned):
    """What every local item has: its region, its provenance and its status."""

    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The province or city this applies to (and the cities below a province).",
    )
    source = models.CharField(
        max_length=300,
        help_text="Where it comes from: a link to the official page or the document's name.",
    )
    last_verified = models.DateField(
        validators=[validate_verified_on],
        help_text="The day it was last checked against the source.",
    )
    verified_by = models.CharField(
        max_length=100, help_text="Who checked it, e.g. 'Shenzhen regional team'."
    )
    is_demo = models.BooleanField(
        "demonstration content",
        default=False,
        help_text="Sample content shipped with the portal; labelled as such on every page.",
    )
    # Review. The item's fields are what citizens see once it is live; a change
    # proposed to a live item waits in `pending` until an editor approves it.
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    is_live = models.BooleanField("on the site", default=False, editable=False)
    pending = models.JSONField(null=True, blank=True, editable=False)
    # Everyone who wrote part of the latest version since it was last published: none of
    # them may approve it (editorial.workflow).
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
    updated_at = models.DateTimeField(auto_now=True)

    objects = LocalQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def source_is_link(self) -> bool:
        return self.source.startswith(("https://", "http://"))

    @classmethod
    def content_fields(cls) -> list[models.Field]:
        """The fields that say something to citizens (and that a change proposes)."""
        return [
            field
            for field in cls._meta.concrete_fields
            if field.editable and field.name not in WORKFLOW_FIELDS
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
        for field in self.content_fields():
            if field.attname in content:
                setattr(proposed, field.attname, field.to_python(content[field.attname]))
        return proposed

    def proposed(self) -> "LocalContent":
        """The latest version: the pending proposal if there is one, else the item itself."""
        return self.with_content(self.pending) if self.pending else self


class StepChange(LocalContent):
    """A local note added to a step, or a local text that replaces the step's own."""

    class Action(models.TextChoices):
        NOTE = "note", "Add a local note"
        REPLACE = "replace", "Replace the step's text"

    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="local_changes", help_text="The step changed."
    )
    action = models.CharField(max_length=10, choices=Action.choices, help_text="What it does.")
    text = MarkdownxField(
        validators=[validate_markdown],
        help_text="The note, or the step's local text, in Markdown.",
    )
    text_html = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["region", "step__guide", "step__position", "action"]
        verbose_name = "local step note or text"
        verbose_name_plural = "local step notes and texts"
        permissions = [("publish_stepchange", "Can publish local step notes and texts")]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "step", "action"],
                name="one_step_change_per_kind_and_region",
                violation_error_message=(
                    "This region already has one of these for this step: edit that one instead."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="step_change_has_text",
                violation_error_message="Write the note or the step's local text.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region.name_en}: {self.get_action_display().lower()} to step {self.step}"

    @property
    def summary(self) -> str:
        """What citizens read about the change, in a few words."""
        return "Local note" if self.action == self.Action.NOTE else "Local text for this step"

    def save(self, *args, **kwargs) -> None:
        self.text_html = render_or_escape(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse_localized(self.step.guide.slug, self.region) + f"#{self.step.anchor}"


class MaterialChange(LocalContent):
    """A local material added to a materials step, or a national one not needed or different."""

    class Action(models.TextChoices):
        ADD = "add", "Add a local material"
        NOT_NEEDED = "not_needed", "Not needed here"
        DIFFERENT = "different", "Different here"

    step = models.ForeignKey(
        Step,
        on_delete=models.CASCADE,
        related_name="local_material_changes",
        help_text="The 'Prepare materials' step.",
    )
    action = models.CharField(max_length=10, choices=Action.choices, help_text="What it does.")
    material = models.ForeignKey(
        Material,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="local_changes",
        help_text="The national material not needed or different here; empty when adding one.",
    )
    name = models.CharField(
        max_length=200, blank=True, help_text="For a local material: what it is."
    )
    original = models.BooleanField(default=False, help_text="For a local material.")
    photocopy = models.BooleanField(default=False, help_text="For a local material.")
    condition = models.CharField(
        max_length=200, blank=True, help_text="For a local material: when it is needed."
    )
    notes = models.TextField(
        blank=True,
        help_text="What is different here (required for 'Different here'), or more detail.",
    )

    class Meta:
        ordering = ["region", "step__guide", "step__position", "pk"]
        verbose_name = "local material"
        verbose_name_plural = "local materials"
        permissions = [("publish_materialchange", "Can publish local materials")]
        constraints = [
            models.CheckConstraint(
                condition=Q(action="add", material__isnull=True) & ~Q(name="")
                | Q(action="not_needed", material__isnull=False)
                | Q(action="different", material__isnull=False) & ~Q(notes=""),
                name="material_change_is_complete",
                violation_error_message=(
                    "A local material needs a name and no national material; 'not needed' and "
                    "'different' need the national material, and 'different' says how."
                ),
            ),
            models.UniqueConstraint(
                fields=["region", "material"],
                condition=Q(material__isnull=False),
                name="one_change_per_material_and_region",
                violation_error_message=(
                    "This region already changes this material: edit that change instead."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region.name_en}: {self.get_action_display().lower()}: {self.label}"

    def get_absolute_url(self) -> str:
        return reverse_localized(self.step.guide.slug, self.region) + f"#{self.step.anchor}"

    @property
    def summary(self) -> str:
        """What citizens read about the change, in a few words."""
        if self.action == self.Action.ADD:
            return f"Also bring: {self.label}"
        return f"{self.label}: {self.get_action_display().lower()}"

    @property
    def label(self) -> str:
        if self.material_id:
            return self.material.label
        return Material(
            name=self.name,
            original=self.original,
            photocopy=self.photocopy,
            condition=self.condition,
        ).label

    def clean(self) -> None:
        errors = {}
        if self.action == self.Action.ADD:
            if self.material_id:
                errors["material"] = "Leave this empty when adding a local material."
            if not self.name:
                errors["name"] = "Name the local material."
        elif not self.material_id:
            errors["material"] = "Choose the national material this changes."
        elif self.step_id and self.material.step_id != self.step_id:
            errors["material"] = "This material is not part of the chosen step."
        if self.action == self.Action.DIFFERENT and not self.notes:
            errors["notes"] = "Say what is different here."
        if self.step_id and self.step.kind != Step.Kind.MATERIALS:
            errors["step"] = "Materials belong to a 'Prepare materials' step."
        if errors:
            raise ValidationError(errors)


class MethodChange(LocalContent):
    """A national payment method not available here, or a local one added."""

    class Action(models.TextChoices):
        ADD = "add", "Add a local payment method"
        UNAVAILABLE = "unavailable", "Not available here"

    step = models.ForeignKey(
        Step,
        on_delete=models.CASCADE,
        related_name="local_method_changes",
        help_text="The 'Choose a payment method' step.",
    )
    action = models.CharField(max_length=12, choices=Action.choices, help_text="What it does.")
    method = models.ForeignKey(
        PaymentMethod,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="local_changes",
        help_text="The national method not available here; empty when adding one.",
    )
    kind = models.CharField(
        max_length=20,
        choices=PaymentMethod.Kind.choices,
        blank=True,
        help_text="For a local method: its kind.",
    )
    name = models.CharField(max_length=100, blank=True, help_text="For a local method.")
    description = models.TextField(blank=True, help_text="For a local method: how it works.")
    where = models.CharField(max_length=200, blank=True, help_text="For a local method.")
    you_need = models.CharField(max_length=200, blank=True, help_text="For a local method.")
    notes = models.TextField(blank=True, help_text="Why, or anything else citizens should know.")

    class Meta:
        ordering = ["region", "step__guide", "step__position", "pk"]
        verbose_name = "local payment method"
        verbose_name_plural = "local payment methods"
        permissions = [("publish_methodchange", "Can publish local payment methods")]
        constraints = [
            models.CheckConstraint(
                condition=Q(action="add", method__isnull=True)
                & ~Q(kind="")
                & ~Q(name="")
                & ~Q(description="")
                | Q(action="unavailable", method__isnull=False),
                name="method_change_is_complete",
                violation_error_message=(
                    "A local payment method needs a kind, a name and a description and no "
                    "national method; 'not available' needs the national method."
                ),
            ),
            models.UniqueConstraint(
                fields=["region", "method"],
                condition=Q(method__isnull=False),
                name="one_change_per_method_and_region",
                violation_error_message=(
                    "This region already marks this payment method: edit that change instead."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region.name_en}: {self.get_action_display().lower()}: {self.label}"

    def get_absolute_url(self) -> str:
        return reverse_localized(self.step.guide.slug, self.region) + f"#{self.step.anchor}"

    @property
    def label(self) -> str:
        return self.method.name if self.method_id else self.name

    @property
    def summary(self) -> str:
        """What citizens read about the change, in a few words."""
        if self.action == self.Action.ADD:
            return f"Also a way to pay here: {self.label}"
        return f"{self.label}: {self.get_action_display().lower()}"

    def clean(self) -> None:
        errors = {}
        if self.action == self.Action.ADD:
            if self.method_id:
                errors["method"] = "Leave this empty when adding a local payment method."
            for field in ("kind", "name", "description"):
                if not getattr(self, field):
                    errors[field] = "Required for a local payment method."
        elif not self.method_id:
            errors["method"] = "Choose the national payment method not available here."
        elif self.step_id and self.method.step_id != self.step_id:
            errors["method"] = "This payment method is not part of the chosen step."
        if self.step_id and self.step.kind != Step.Kind.METHODS:
            errors["step"] = "Payment methods belong to a 'Choose a payment method' step."
        if errors:
            raise ValidationError(errors)


class Office(LocalContent):
    """A place to pay in person: a social insurance office or a designated bank."""

    class Kind(models.TextChoices):
        OFFICE = "office", "Social insurance office"
        BANK = "bank", "Designated bank"

    kind = models.CharField(max_length=10, choices=Kind.choices, help_text="What kind of place.")
    name = models.CharField(max_length=200, help_text="Its name as citizens see it on the door.")
    address = models.CharField(max_length=300, help_text="Street address.")
    opening_hours = models.CharField(
        max_length=200, help_text="e.g. Monday to Friday, 9:00 to 17:00."
    )
    phone = models.CharField(max_length=40, blank=True, help_text="A phone number, if any.")
    url = models.URLField("link", blank=True, help_text="Its official web page, if any.")

    class Meta:
        ordering = ["region", "-kind", "name"]  # offices before banks
        verbose_name = "office or designated bank"
        verbose_name_plural = "offices and designated banks"
        permissions = [("publish_office", "Can publish offices and designated banks")]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unique_office_name_in_region"),
        ]

    def __str__(self) -> str:
        return f"{self.region.name_en}: {self.name}"

    def get_absolute_url(self) -> str:
        return self.region.get_absolute_url() + "#offices"


class Hotline(LocalContent):
    """A phone line citizens can call about paying contributions in a region."""

    name = models.CharField(max_length=200, help_text="e.g. Social security service hotline.")
    number = models.CharField(max_length=40, help_text="The number to dial, e.g. 12333.")
    hours = models.CharField(max_length=200, blank=True, help_text="When it answers, if known.")

    class Meta:
        ordering = ["region", "name"]
        verbose_name = "hotline"
        verbose_name_plural = "hotlines"
        permissions = [("publish_hotline", "Can publish hotlines")]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "number"], name="unique_hotline_number_in_region"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region.name_en}: {self.name} {self.number}"

    def get_absolute_url(self) -> str:
        return self.region.get_absolute_url() + "#hotlines"


def reverse_localized(slug: str, region: Region, view: str = "guide") -> str:
    """The address of a guide (or its checklist) for a region."""
    return reverse(f"guides:local_{view}", kwargs={"slug": slug, "region": region.path})


# Every kind of local item, in the order pages list them.
LOCAL_MODELS = [StepChange, MaterialChange, MethodChange, Office, Hotline]
