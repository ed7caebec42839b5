"""Superusers and editors record which regions each staff member looks after."""

from django.contrib import admin

from editorial.models import StaffProfile
from editorial.roles import ROLES


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "region_names"]
    search_fields = ["user__username", "regions__name_en", "regions__name_zh"]
    filter_horizontal = ["regions"]
    list_select_related = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("regions", "user__groups")

    @admin.display(description="role")
    def role(self, profile: StaffProfile) -> str:
        names = {group.name for group in profile.user.groups.all()}
        return ", ".join(name for name in ROLES.values() if name in names) or "—"

    @admin.display(description="regions")
    def region_names(self, profile: StaffProfile) -> str:
        return ", ".join(str(region) for region in profile.regions.all()) or "—"

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser
