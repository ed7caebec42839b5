"""Staff members' regions, and (later in this app) review and publication history."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class StaffProfile(models.Model):
    """The regions a regional staff member looks after (and the cities below them)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        help_text="The staff member.",
    )
    regions = models.ManyToManyField(
        "regions.Region",
        blank=True,
        related_name="staff_profiles",
        help_text="Their provinces or cities. A province includes every city below it.",
    )

    class Meta:
        ordering = ["user__username"]
        verbose_name = "staff member's regions"
        verbose_name_plural = "staff members' regions"

    def __str__(self) -> str:
        return self.user.get_username()

    def get_absolute_url(self) -> str:
        return reverse("admin:editorial_staffprofile_change", args=[self.pk])
