"""Who may work on which region: the one place the admin asks.

Superusers and editors work on every region. Regional staff work on the
regions recorded in their StaffProfile and on the cities below those regions,
and on nothing else: every admin query, form choice and object lookup for
local content goes through ``region_scope``.
"""

from django.http import Http404

from editorial.roles import EDITORS
from regions.models import Region


def is_editor(user) -> bool:
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_is_editor"):
        user._is_editor = user.groups.filter(name=EDITORS).exists()
    return user._is_editor


def region_scope(user) -> frozenset[str] | None:
    """Codes of the regions `user` may work on, or None for every region."""
    if is_editor(user):
        return None
    if not hasattr(user, "_region_scope"):
        own = set(Region.objects.filter(staff_profiles__user=user).values_list("code", flat=True))
        below = Region.objects.filter(parent__in=own).values_list("code", flat=True)
        user._region_scope = frozenset(own | set(below))
    return user._region_scope


class RegionScopedAdminMixin:
    """For admins of models with a `region`: only the user's regions, everywhere.

    The changelist, actions, history, change and delete pages all fetch through
    get_queryset, so an object of another region does not exist for this user
    (404); the region field offers only their regions, so a forged value fails
    validation and nothing is saved.
    """

    region_field = "region"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = region_scope(request.user)
        if scope is None:
            return queryset
        return queryset.filter(**{f"{self.region_field}__in": scope})

    def get_object(self, request, object_id, from_field=None):
        # Python reads "９" (a full-width digit) as 9: an address no page links to is not found.
        found = super().get_object(request, object_id, from_field) if object_id.isascii() else None
        if found is None:
            raise Http404("There is no such item in your regions.")
        return found

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.region_field:
            scope = region_scope(request.user)
            regions = Region.objects.select_related("parent")
            kwargs["queryset"] = regions if scope is None else regions.filter(code__in=scope)
            if scope is not None and len(scope) == 1:
                (kwargs["initial"],) = scope  # their only region, chosen for them
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
