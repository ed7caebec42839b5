"""Regions have no admin of their own here: they are read-only, listed for staff by
editorial.admin, scoped to each staff member's regions.

Districts are listed here, read-only: they come from fixtures/regions/districts.csv
(`manage.py seed`) and only lead a typed name to its city."""

from django.contrib import admin

from regions.models import District


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "region"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name_zh", "name_en"]
    list_select_related = ["region__parent"]
    readonly_fields = ["code", "region", "name_zh", "name_en"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # read-only: the list and each district can still be viewed

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
