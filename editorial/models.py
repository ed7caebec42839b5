"""Staff members' regions, and the published versions of local items."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class StaffProfile(models.Model):
    """The regions a regional staff member looks after (and the cities below them)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        help_text=_("The staff member."),
    )
    regions = models.ManyToManyField(
        "regions.Region",
        blank=True,
        related_name="staff_profiles",
        help_text=_("Their provinces or cities. A province includes every city below it."),
    )
    # Each member of staff chooses it for themselves, from the admin's header.
    language = models.CharField(
        _("language of the admin"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language the admin is shown in. Empty: the browser's language."),
    )

    notify_by_email = models.BooleanField(
        _("email me about reviews"),
        default=True,
        help_text=_(
            "An email when a change is submitted for your review, or when your own change "
            "is returned or approved."
        ),
    )

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("staff account")
        verbose_name_plural = _("staff accounts")

    def __str__(self) -> str:
        return self.user.get_username()

    def get_absolute_url(self) -> str:
        return reverse("admin:editorial_staffprofile_change", args=[self.pk])


class PublishedVersion(models.Model):
    """What a local item said when it went live, and who put it there.

    Approving a change, or an editor's own save, replaces the words citizens see;
    the words it replaces are kept here (local.history), so none is ever lost.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveIntegerField()
    item = GenericForeignKey()
    content = models.JSONField(help_text=_("The item's content fields, as plain strings."))
    published_at = models.DateTimeField(help_text=_("When these words went live."))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text=_("The editor who approved or saved them; empty for imported content."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text=_("The staff member who proposed them, if someone else did."),
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="published_version_item")
        ]
        verbose_name = _("published version of a local item")
        verbose_name_plural = _("published versions of local items")

    def __str__(self) -> str:
        # Translators: the kind of a local item, its id, and when a version of it went live.
        return gettext("%(kind)s %(id)s, %(published)s") % {
            "kind": self.content_type.name,
            "id": self.object_id,
            "published": f"{self.published_at:%Y-%m-%d %H:%M}",
        }


class LinkCheck(models.Model):
    """The last check of one external link that the content holds (editorial.links), and
    where it was found then: for the editors' dashboard and the admin beside the link."""

    class Result(models.TextChoices):
        OK = "ok", _("Works")
        REDIRECT = "redirect", _("Moved elsewhere")
        BROKEN = "broken", _("Broken")
        UNREACHABLE = "unreachable", _("Could not be reached")

    url = models.URLField(max_length=2000, unique=True)
    result = models.CharField(max_length=12, choices=Result.choices)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    moved_to = models.URLField(max_length=2000, blank=True, help_text=_("Where it redirects."))
    error = models.CharField(max_length=300, blank=True, help_text=_("Why it could not be read."))
    checked_at = models.DateTimeField()
    # [{"label": "Guide …, step 2", "admin_url": "/admin/…"}], as found by the last check.
    found_in = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["url"]
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")

    def __str__(self) -> str:
        return f"{self.url}: {self.get_result_display()}"

    @property
    def needs_attention(self) -> bool:
        return self.result != self.Result.OK
