"""Regions, read-only: they come from fixtures/regions/regions.csv (``manage.py seed``)."""

from django.contrib import admin

from editorial.scoping import region_scope
from regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_zh", "level", "kind", "parent"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name_en", "name_zh"]
    list_select_related = ["parent"]
    readonly_fields = ["code", "parent", "level", "kind", "name_zh", "name_en"]

    def get_queryset(self, request):
        # Also what the region autocomplete offers: regional staff see theirs only.
        queryset = super().get_queryset(request)
        scope = region_scope(request.user)
        return queryset if scope is None else queryset.filter(code__in=scope)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # read-only: the list and each region can still be viewed

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
