"""Staff members' regions, and the version counter that keeps edits from being lost."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class Versioned(models.Model):
    """Counts saves, so an edit based on an older version can be refused (editorial.concurrency)."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)


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
