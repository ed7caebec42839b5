"""Guides: the questions citizens ask, answered step by step, each step tied to the law."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

from guides.markdown import render_or_escape, validate_markdown
from guides.placeholders import validate_placeholders
from portal.concurrency import RevisionCounted


class Guide(RevisionCounted):
    slug = models.SlugField(
        unique=True,
        help_text=_("Part of the guide's address, e.g. where-to-pay. Never reuse one."),
    )
    title = models.CharField(
        max_length=200,
        help_text=_("The citizen's question, as they would ask it."),
    )
    short_answer = models.TextField(
        help_text=_("One or two sentences answering the question, shown first."),
    )
    summary = MarkdownxField(
        blank=True,
        validators=[validate_markdown, validate_placeholders],
        help_text=_("The 'To sum up' section, in Markdown, shown after the steps."),
    )
    summary_html = models.TextField(blank=True, editable=False)
    editors_note = MarkdownxField(
        _("editor's note"),
        blank=True,
        validators=[validate_markdown],
        help_text=_(
            "A fact the guide's source leaves out, with its own source, in Markdown: shown after "
            "the short answer, marked as the editors'."
        ),
    )
    editors_note_html = models.TextField(blank=True, editable=False)
    source = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Where the guide's content was first taken from, shown as its source."),
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text=_("The day an editor last checked the whole guide.")
    )
    updated_at = models.DateTimeField(auto_now=True)
    withdrawn_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("When it was taken off the site; a version published later brings it back."),
    )
    translations_to_check = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text=_(
            "Texts whose other language changed after they were written (guides.tree keys), "
            "until an editor changes them or confirms they still say the same."
        ),
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        permissions = [("publish_guide", "Can publish guides")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.summary_html = render_or_escape(self.summary)
        self.editors_note_html = render_or_escape(self.editors_note)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("guides:guide", kwargs={"slug": self.slug})


class Step(models.Model):
    class Kind(models.TextChoices):
        REGISTER = "register", _("Register for social insurance")
        POLICY = "policy", _("Understand the payment policy")
        MATERIALS = "materials", _("Prepare materials")
        METHODS = "methods", _("Choose a payment method")
        PROCEDURE = "procedure", _("Go through the payment procedure")
        RECORDS = "records", _("Check payment records")

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(
        help_text=_("The step's number in the guide, from 1.")
    )
    kind = models.CharField(
        max_length=20, choices=Kind.choices, help_text=_("What the citizen does in this step.")
    )
    title = models.CharField(max_length=200, help_text=_("The step's heading."))
    body = MarkdownxField(
        # Translators: the name of a step's field, its explanation in Markdown.
        _("text"),
        validators=[validate_markdown, validate_placeholders],
        help_text=_(
            "The step's explanation, in Markdown. A figure that differs by region is written "
            "{{ figure scheme.insurance.kind }}, e.g. {{ figure flexible.pension.rate }}."
        ),
    )
    body_html = models.TextField(blank=True, editable=False)
    # Not content (guides.tree leaves them out): when an editor last checked the step
    # against the law it cites (guides.lawchanges).
    law_checked_at = models.DateTimeField(
        default=timezone.now,
        editable=False,
        help_text=_(
            "When an editor last checked this step against the law it cites: when it was "
            "written, when a publication changed it, or when it was confirmed to hold."
        ),
    )
    law_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["guide", "position", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.CheckConstraint(condition=Q(position__gte=1), name="step_position_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    def save(self, *args, **kwargs) -> None:
        self.body_html = render_or_escape(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return self.guide.get_absolute_url() + f"#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"step-{self.position}"


class Material(models.Model):
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="materials")
    position = models.PositiveSmallIntegerField(help_text=_("Order in the checklist, from 1."))
    name = models.CharField(max_length=200, help_text=_("e.g. social security card."))
    original = models.BooleanField(default=False, help_text=_("The original must be brought."))
    photocopy = models.BooleanField(default=False, help_text=_("A photocopy must be brought."))
    condition = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("When it is needed, e.g. 'if any' or 'depending on local requirements'."),
    )
    notes = models.TextField(blank=True, help_text=_("Anything else the citizen should know."))

    class Meta:
        ordering = ["step", "position", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return self.step.get_absolute_url()

    @property
    def label(self) -> str:
        """How the checklist names it: 'Original and photocopy of social security card'."""
        if self.original and self.photocopy:
            label = gettext("Original and photocopy of %(material)s") % {"material": self.name}
        elif self.original:
            label = gettext("Original of %(material)s") % {"material": self.name}
        elif self.photocopy:
            label = gettext("Photocopy of %(material)s") % {"material": self.name}
        else:
            label = self.name[:1].upper() + self.name[1:]
        if not self.condition:
            return label
        # Translators: a material of a checklist and when it is needed, e.g.
        # "Photocopy of residence permit (if any)".
        return gettext("%(material)s (%(condition)s)") % {
            "material": label,
            "condition": self.condition,
        }

    def clean(self) -> None:
        if self.step_id and self.step.kind != Step.Kind.MATERIALS:
            raise ValidationError(gettext("Materials belong to a 'Prepare materials' step."))


class PaymentMethod(models.Model):
    class Kind(models.TextChoices):
        CASH = "cash", _("Cash at a counter")
        BANK_TRANSFER = "bank_transfer", _("Bank transfer")
        SELF_SERVICE = "self_service", _("Self-service machine")
        MOBILE = "mobile", _("Mobile or third-party payment")
        ONLINE = "online", _("Online service")

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="payment_methods")
    position = models.PositiveSmallIntegerField(help_text=_("Order in the comparison, from 1."))
    kind = models.CharField(max_length=20, choices=Kind.choices, help_text=_("The kind of method."))
    name = models.CharField(max_length=100, help_text=_("e.g. Cash payment."))
    description = models.TextField(help_text=_("How it works, e.g. 'go directly to …'."))
    where = models.CharField(max_length=200, help_text=_("Where it is done, for the comparison."))
    you_need = models.CharField(
        max_length=200, help_text=_("What the citizen needs to use it, for the comparison.")
    )
    # Translators: the field holding a payment method's web address.
    url = models.URLField(
        _("link"), blank=True, help_text=_("The official online service's address, if any.")
    )

    class Meta:
        ordering = ["step", "position", "pk"]
        verbose_name = _("payment method")
        verbose_name_plural = _("payment methods")
        constraints = [
            models.UniqueConstraint(fields=["step", "kind"], name="unique_method_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.step.get_absolute_url()

    def clean(self) -> None:
        if self.step_id and self.step.kind != Step.Kind.METHODS:
            raise ValidationError(
                gettext("Payment methods belong to a 'Choose a payment method' step.")
            )


class Citation(models.Model):
    """A step, or a guide's legal basis, resting on an article or one paragraph of it."""

    guide = models.ForeignKey(
        Guide,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="legal_basis",
        help_text=_("Set for the guide's legal basis; leave empty when citing from a step."),
    )
    step = models.ForeignKey(
        Step,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        help_text=_("Set when a step cites the law; leave empty for the legal basis."),
    )
    article = models.ForeignKey(
        "laws.Article",
        on_delete=models.PROTECT,
        related_name="citations",
        help_text=_("The article cited."),
    )
    paragraph = models.ForeignKey(
        "laws.Paragraph",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="citations",
        help_text=_("One paragraph of that article, or empty to cite the whole article."),
    )
    position = models.PositiveSmallIntegerField(default=1, help_text=_("Order among citations."))
    note = models.CharField(
        max_length=300, blank=True, help_text=_("Why it is cited, shown with the citation.")
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.CheckConstraint(
                condition=Q(guide__isnull=False, step__isnull=True)
                | Q(guide__isnull=True, step__isnull=False),
                name="citation_from_a_guide_or_a_step",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        url = self.article.get_absolute_url()
        return url + f"#{self.paragraph.anchor}" if self.paragraph_id else url

    @property
    def label(self) -> str:
        if self.paragraph_id:
            return gettext("Article %(article)s, paragraph %(paragraph)s") % {
                "article": self.article.number,
                "paragraph": self.paragraph.number,
            }
        return gettext("Article %(article)s") % {"article": self.article.number}

    def clean(self) -> None:
        if bool(self.guide_id) == bool(self.step_id):
            raise ValidationError(
                gettext("A citation belongs either to a step or to the legal basis.")
            )
        if self.paragraph_id and self.article_id and self.paragraph.article_id != self.article_id:
            raise ValidationError(
                {"paragraph": gettext("This paragraph is not part of that article.")}
            )


class VersionQuerySet(models.QuerySet):
    def current(self, at: datetime.datetime | None = None) -> "VersionQuerySet":
        """What citizens read: each guide's latest version whose time has come, unless the
        guide was withdrawn after it (or deleted). Chosen when read, so a version recorded
        for a later time is live from that time with nothing written then."""
        at = at or timezone.now()
        latest = (
            GuideVersion.objects.filter(guide=OuterRef("guide"), published_at__lte=at)
            .order_by("-published_at", "-number")
            .values("pk")[:1]
        )
        return self.filter(guide__isnull=False, pk=Subquery(latest)).filter(
            Q(guide__withdrawn_at__isnull=True) | Q(guide__withdrawn_at__lt=F("published_at"))
        )

    def scheduled(self, at: datetime.datetime | None = None) -> "VersionQuerySet":
        """Versions recorded for a time still to come."""
        return self.filter(guide__isnull=False, published_at__gt=at or timezone.now())


class GuideVersion(models.Model):
    """One publication of a guide: what it said, who published it, when, and why.

    Citizens read versions, never the guide's rows (see guides.publishing).
    """

    guide = models.ForeignKey(Guide, on_delete=models.SET_NULL, null=True, related_name="versions")
    slug = models.SlugField(
        help_text=_("The guide's address when published, kept if it is deleted.")
    )
    title = models.CharField(max_length=200, help_text=_("The guide's title when published."))
    number = models.PositiveIntegerField(help_text=_("1 for the first publication, then 2, 3…"))
    data = models.JSONField(help_text=_("The whole guide as published (guides.tree)."))
    published_at = models.DateTimeField(help_text=_("When it goes, or went, live."))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    change_note = models.TextField(help_text=_("What changed, for readers of the page history."))
    major_change = models.BooleanField(
        default=False, help_text=_("Major changes are listed on the public page.")
    )

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-number"]
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        constraints = [
            models.UniqueConstraint(fields=["guide", "number"], name="unique_version_number"),
        ]
        indexes = [models.Index(fields=["guide", "published_at"], name="version_guide_time")]

    def __str__(self) -> str:
        # Translators: a guide's address and the number of one of its published versions.
        return gettext("%(guide)s version %(number)s") % {"guide": self.slug, "number": self.number}

    def get_absolute_url(self) -> str:
        """The guide's page, where this version is (or was, or will be) what citizens read."""
        return reverse("guides:guide", kwargs={"slug": self.slug})

    def dated_url(self) -> str:
        """The guide as it stood on the day this version went live (in China's time)."""
        day = timezone.localtime(self.published_at).date()
        return reverse("guides:guide_on", kwargs={"slug": self.slug, "day": day})

    @property
    def short_answer(self) -> str:
        return self.guide_as_published().short_answer

    def guide_as_published(self) -> Guide:
        """The guide as this version names it (id, address, title, short answer), unsaved:
        enough for a page's title and links without building the whole version."""
        from guides import tree  # the tree describes these models

        return Guide(
            pk=self.guide_id,
            slug=self.slug,
            updated_at=self.published_at,
            **tree.texts_of(self.data, "title", "short_answer"),
        )


class VersionCitation(models.Model):
    """A citation of the law in a published version, as a row: how an article's page finds
    the guides that cite it. Written with the version, never changed."""

    version = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="citations")
    article = models.ForeignKey("laws.Article", on_delete=models.PROTECT, related_name="+")
    paragraph = models.ForeignKey(
        "laws.Paragraph", on_delete=models.PROTECT, null=True, related_name="+"
    )
    step_position = models.PositiveSmallIntegerField(
        null=True, help_text=_("The citing step's number; empty for the guide's legal basis.")
    )
    step_title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["version", "step_position", "pk"]
        verbose_name = _("citation in a published version")
        verbose_name_plural = _("citations in published versions")

    def __str__(self) -> str:
        # Translators: a published version of a guide, and the id of an article it cites.
        return gettext("%(version)s: article %(article)s") % {
            "version": self.version,
            "article": self.article_id,
        }


class SavedDraft(models.Model):
    """One save of a guide's working copy, kept as data (guides.tree), with who saved it
    and when: no draft edit is ever lost, and any one can be written back (guides.drafts).
    Never shown to citizens, never changed."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="saved_drafts")
    revision = models.PositiveIntegerField(
        help_text=_("The guide's edit counter when this was saved (portal.concurrency).")
    )
    data = models.JSONField(help_text=_("The whole working copy as saved (guides.tree)."))
    saved_at = models.DateTimeField(default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Kind(models.TextChoices):
        SAVED = "saved", _("Saved")
        # A guide last saved before drafts were kept: its working copy, kept at its next save.
        FOUND = "found", _("As it was before drafts were kept")
        RESTORED = "restored", _("An earlier draft restored")
        VERSION = "version", _("A published version restored")

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SAVED)
    restored_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_version = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("The number of the published version restored.")
    )

    class Meta:
        ordering = ["-saved_at", "-pk"]
        verbose_name = _("saved draft")
        verbose_name_plural = _("saved drafts")
        indexes = [models.Index(fields=["guide", "revision"], name="draft_guide_revision")]

    def __str__(self) -> str:
        # Translators: a guide's address and the edit counter of one of its saved drafts.
        return gettext("%(guide)s, draft %(revision)s") % {
            "guide": self.guide_id,
            "revision": self.revision,
        }
