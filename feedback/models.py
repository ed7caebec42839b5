"""What citizens tell us about a page: whether it was useful, or a problem with it.

Kept: the page's address, the answer, the free text if any, the page's language and the
time. Nothing about who sent it: no name, no address, no cookie. A report about a
region's page (a city's guide, a region's page, a guided answer for a region) goes to
that region's staff; every other goes to the editors.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regions.models import Region

COMMENT_LENGTH = 2000


class Feedback(models.Model):
    class Kind(models.TextChoices):
        USEFUL = "useful", _("The page is useful")
        NOT_USEFUL = "not_useful", _("The page is not useful")
        PROBLEM = "problem", _("A problem with the page")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    page = models.CharField(max_length=300, help_text=_("The address of the page, on this site."))
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The region whose page it is, whose staff see it; empty for editors."),
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    comment = models.TextField(blank=True, max_length=COMMENT_LENGTH)
    language = models.CharField(max_length=10, help_text=_("The page's language."))
    received_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Who last changed its status."),
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        indexes = [models.Index(fields=["status", "region"], name="feedback_status_region")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.page}"
