"""Staff accounts: a person, one role, and for regional staff their regions. Made with
`manage.py addstaff` or, by staff managers, in the admin (editorial.admin)."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext

from editorial.models import StaffProfile
from editorial.roles import REGIONAL_STAFF, ROLES


def role_of(user) -> str | None:
    """The role's key in ROLES ("editor", "regional", "manager"), if the user has one."""
    names = {group.name for group in user.groups.all()}
    return next((key for key, name in ROLES.items() if name in names), None)


def regions_refused(role: str, regions) -> str | None:
    """Why these regions do not go with this role, if they do not."""
    if ROLES[role] == REGIONAL_STAFF and not regions:
        return gettext("Regional staff need at least one region.")
    if ROLES[role] != REGIONAL_STAFF and regions:
        return gettext("Only regional staff have regions: editors and staff managers work on all.")
    return None


@transaction.atomic
def set_up(
    user, *, role: str, regions, password: str | None = None, active: bool = True
) -> StaffProfile:
    """Save `user` as a member of staff with exactly `role` and `regions`."""
    user.is_staff = True
    user.is_active = active
    if password is not None:
        user.set_password(password)
    user.save()
    user.groups.remove(*Group.objects.filter(name__in=ROLES.values()))
    user.groups.add(Group.objects.get(name=ROLES[role]))
    profile, _ = StaffProfile.objects.get_or_create(user=user)
    profile.regions.set(regions)
    return profile
