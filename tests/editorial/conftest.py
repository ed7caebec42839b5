from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from editorial.models import StaffProfile
from tests.conftest import ensure_roles
from tests.guides.conftest import guide  # noqa: F401 - the fixture, for tests here


def make_staff(username: str, *, group: str | None, regions: tuple[str, ...] = ()):
    ensure_roles()
    user = get_user_model().objects.create_user(username, password="Long-enough-pass-42")
    user.is_staff = True
    user.save()
    if group:
        user.groups.add(Group.objects.get(name=group))
    if regions:
        StaffProfile.objects.create(user=user).regions.set(regions)
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def review(client: Client, item, decision: str, comment: str = ""):
    """Open the item's review page and approve or return what it shows, as an editor would
    (the form carries the version shown). Posts without a version when the page offers no
    form, as a forged request would."""
    from tests.formdata import form_data

    url = f"/admin/review/{item._meta.model_name}/{item.pk}/"
    data = form_data(client.get(url).content.decode(), "review-form")
    return client.post(url, data | {"decision": decision, "comment": comment})
