"""Superusers and editors record which regions each staff member looks after; staff see
the regions (read-only, from fixtures/regions/regions.csv), their own only."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from editorial.models import LinkCheck, StaffProfile
from editorial.roles import ROLE_LABELS, ROLES
from editorial.scoping import region_scope
from regions.models import Region


class StaffProfileForm(forms.ModelForm):
    """Regions as checkboxes, each province with its cities under it.

    Django's two-list chooser (filter_horizontal) labels its filter icons in a way screen
    readers cannot use; checkboxes work for everyone, without JavaScript.
    """

    class Meta:
        model = StaffProfile
        fields = ["user", "regions"]
        widgets = {"regions": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Translators: the choice of a whole province, cities included, e.g. "The whole of
        # Guangdong 广东省".
        whole = gettext("The whole of %(province)s")
        self.fields["regions"].widget.choices = [
            (
                f"{province.name_en} {province.name_zh}",
                [(province.code, whole % {"province": f"{province.name_en} {province.name_zh}"})]
                + [(city.code, f"{city.name_en} {city.name_zh}") for city in province.cities],
            )
            for province in Region.objects.provinces_with_cities()
        ]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    form = StaffProfileForm
    list_display = ["user", "role", "region_names"]
    search_fields = ["user__username", "regions__name_en", "regions__name_zh"]
    list_select_related = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("regions", "user__groups")

    @admin.display(description=_("role"))
    def role(self, profile: StaffProfile) -> str:
        names = {group.name for group in profile.user.groups.all()}
        return ", ".join(str(ROLE_LABELS[name]) for name in ROLES.values() if name in names) or "—"

    @admin.display(description=_("regions"))
    def region_names(self, profile: StaffProfile) -> str:
        return ", ".join(str(region) for region in profile.regions.all()) or "—"

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


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


@admin.register(LinkCheck)
class LinkCheckAdmin(admin.ModelAdmin):
    """What the last `manage.py checklinks` found; read only, as the command writes it."""

    list_display = ["url", "result", "status_code", "moved_to", "checked_at"]
    list_filter = ["result"]
    search_fields = ["url", "moved_to"]
    readonly_fields = ["url", "result", "status_code", "moved_to", "error", "checked_at",
                       "found_in"]  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
