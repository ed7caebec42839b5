"""Signing in to the admin: guessing is stopped, sessions end, actions are logged."""

from django.contrib.admin.models import LogEntry
from django.test import Client

from local.models import Status
from tests.factories import bulk_publish, client_for, office, submitted

LOGIN = "/admin/login/?next=/admin/"


def sign_in(client: Client, password: str):
    return client.post(LOGIN, {"username": "editor1", "password": password})


def at(address: str) -> Client:
    """A browser at `address`, behind the one proxy the test settings assume."""
    return Client(headers={"x-forwarded-for": address})


def test_five_wrong_passwords_lock_the_username_at_that_address_even_for_the_right_one(editor):
    client = at("198.51.100.23")
    for _ in range(4):
        response = sign_in(client, "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    # A new browser at the same address is refused the right password too ...
    same_address = at("198.51.100.23")
    assert sign_in(same_address, "Long-enough-pass-42").status_code == 429
    assert "_auth_user_id" not in same_address.session
    # ... while from elsewhere the editor still signs in (the lockout is per username and
    # address, so guessing someone's password does not lock them out everywhere).
    assert sign_in(at("203.0.113.7"), "Long-enough-pass-42").status_code == 302


def test_a_successful_sign_in_resets_the_count(editor):
    client = Client()
    for _ in range(4):
        sign_in(client, "wrong")
    assert sign_in(client, "Long-enough-pass-42").status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200


def test_a_next_address_off_the_site_leads_to_the_admin_instead(editor):
    client = Client()
    response = client.post(
        "/admin/login/?next=https://evil.example/",
        {"username": "editor1", "password": "Long-enough-pass-42"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200


def test_staff_sessions_end_after_a_working_day_or_when_the_browser_closes(editor):
    client = Client()
    assert sign_in(client, "Long-enough-pass-42").status_code == 302
    assert client.session.get_expiry_age() == 8 * 60 * 60
    assert client.session.get_expire_at_browser_close()
    assert client.cookies["sessionid"]["max-age"] == ""  # a browser-session cookie


def test_admin_actions_are_in_the_admin_log(editor, shenzhen_staff, regions):
    item = submitted(office("440300", "Hall", status=Status.DRAFT), by=shenzhen_staff)
    bulk_publish(client_for(editor), [item])
    entry = LogEntry.objects.get(object_id=str(item.pk))
    assert (entry.user, entry.change_message) == (editor, "Approved and published.")
