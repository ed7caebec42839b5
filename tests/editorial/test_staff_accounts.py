"""Staff managers make staff accounts in the admin, give each a role and regions, and
close them; every change is in the history. Nobody else but superusers may."""

import html
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model

from editorial.scoping import region_scope
from tests.factories import client_for, make_staff
from tests.formdata import form_data

ADD = "/admin/editorial/staffprofile/add/"
PASSWORD = "Long-enough-pass-42"


@pytest.fixture
def manager(staff_manager):
    return staff_manager


def text(response) -> str:
    return html.unescape(response.content.decode())


def add(client, **data):
    form = form_data(client.get(ADD).content.decode(), "staffprofile_form")
    fields = {"password1": PASSWORD, "password2": PASSWORD, "email": "", "role": "regional"}
    return client.post(ADD, form | {k: v for k, v in (fields | data).items()})


def test_a_staff_manager_makes_a_regional_account_that_can_sign_in_and_is_scoped(manager):
    client = client_for(manager)
    form = text(client.get(ADD))
    assert 'type="checkbox" name="regions" value="440300"' in form
    response = add(client, username="wang", email="wang@example.org", regions=["440300"])
    assert response.status_code == 302, text(response)[-2000:]
    wang = get_user_model().objects.get(username="wang")
    assert wang.is_staff and not wang.is_superuser and wang.email == "wang@example.org"
    assert [group.name for group in wang.groups.all()] == ["Regional staff"]
    assert "440300" in region_scope(wang) and "440000" not in region_scope(wang)
    signed_in = client_for(wang).get("/admin/local/office/")
    assert signed_in.status_code == 200
    entry = LogEntry.objects.get(object_id=str(wang.staff_profile.pk))
    assert entry.user == manager
    assert "Now: Regional staff; regions: 440300; may sign in: yes." in entry.get_change_message()
    listing = text(client.get("/admin/editorial/staffprofile/"))
    assert "wang" in listing and "Shenzhen" in listing


def test_changing_the_role_and_closing_the_account_are_in_the_history(manager, shenzhen_staff):
    client = client_for(manager)
    profile = shenzhen_staff.staff_profile
    url = f"/admin/editorial/staffprofile/{profile.pk}/change/"
    data = form_data(client.get(url).content.decode(), "staffprofile_form")
    assert data["role"] == ["regional"] and data["is_active"] == ["on"]
    data = data | {"role": ["editor"], "regions": []}
    data.pop("is_active")
    assert client.post(url, data).status_code == 302
    shenzhen_staff.refresh_from_db()
    assert [group.name for group in shenzhen_staff.groups.all()] == ["Editors"]
    assert not shenzhen_staff.is_active
    history = text(client.get(url.replace("change", "history")))
    assert "Now: Editors; regions: none; may sign in: no." in history
    assert client_for(shenzhen_staff).get("/admin/").status_code == 302  # closed: signed out


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "wang", "regions": []}, "Regional staff need at least one region."),
        ({"username": "wang", "role": "editor", "regions": ["440300"]}, "Only regional staff"),
        ({"username": "wang", "regions": ["440300"], "password2": "other"}, "differ"),
        (
            {
                "username": "wang",
                "regions": ["440300"],
                "password1": "12345678",
                "password2": "12345678",
            },
            "entirely numeric",
        ),
        ({"username": "Manager1", "regions": ["440300"]}, "already an account"),
        ({"username": "wang", "role": "superuser", "regions": []}, "Select a valid choice"),
    ],
)
def test_mistakes_are_refused_and_no_account_is_made(manager, data, message):
    response = add(client_for(manager), **data)
    assert response.status_code == 200
    assert message in text(response)
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["manager1"]


def test_a_nul_byte_is_refused_before_the_form(manager):
    response = add(client_for(manager), username="wa\x00ng", regions=["440300"])
    assert response.status_code == 400
    assert not get_user_model().objects.filter(username__startswith="wa").exists()


def test_only_staff_managers_and_superusers_make_accounts(manager, shenzhen_staff, editor):
    for member in (shenzhen_staff, editor):
        assert add(client_for(member), username="x", regions=["440300"]).status_code == 403
    superuser = get_user_model().objects.create_superuser("root", password=PASSWORD)
    profile_of_root = make_staff("ops", group=None)
    profile_of_root.is_superuser = True
    profile_of_root.save()
    from editorial.models import StaffProfile

    root_profile = StaffProfile.objects.create(user=profile_of_root)
    url = f"/admin/editorial/staffprofile/{root_profile.pk}/change/"
    # A staff manager cannot change a superuser's account; a superuser can.
    refused = client_for(manager).post(url, {"role": "regional", "regions": ["440300"]})
    assert refused.status_code == 403
    assert client_for(superuser).get(url).status_code == 200
    assert re.search(r"Staff managers", text(client_for(superuser).get(ADD)))


def test_a_staff_manager_cannot_change_their_own_account(manager):
    from editorial.models import StaffProfile

    StaffProfile.objects.get_or_create(user=manager)
    own = f"/admin/editorial/staffprofile/{StaffProfile.objects.get(user=manager).pk}/change/"
    refused = client_for(manager).post(own, {"role": "editor", "regions": [], "email": ""})
    assert refused.status_code == 403
    assert [group.name for group in manager.groups.all()] == ["Staff managers"]
