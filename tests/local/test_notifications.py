"""Staff are emailed when a local item is submitted for review, returned or approved:
the right people by role, in their own language, and only if they want it."""

import pytest
from django.core import mail

from editorial.models import StaffProfile
from tests.factories import client_for, office, review, submitted

SHENZHEN = "440300"


@pytest.fixture
def addressed(editor, second_editor, shenzhen_staff):
    """Everyone with an email address."""
    for user in (editor, second_editor, shenzhen_staff):
        user.email = f"{user.username}@example.org"
        user.save()


def test_submitting_emails_the_editors_who_review_and_not_the_submitter(
    addressed, settings, shenzhen_staff, editor, second_editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = submitted(office(SHENZHEN, "Futian hall"), by=shenzhen_staff)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "editor1@example.org",
        "editor2@example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == "For your review: office or designated bank “Shenzhen: Futian hall”"
    assert "shenzhen submitted a change for review." in message.body
    assert f"{settings.SITE_URL}/admin/review/office/{item.pk}/" in message.body
    assert "/admin/notifications/" in message.body


def test_returning_and_approving_email_the_author_with_the_comment(
    addressed, shenzhen_staff, editor, django_capture_on_commit_callbacks
):
    item = submitted(office(SHENZHEN, "Futian hall"), by=shenzhen_staff)
    with django_capture_on_commit_callbacks(execute=True):
        review(client_for(editor), item, "return", "The opening hours are missing.")
    (message,) = mail.outbox
    assert message.to == ["shenzhen@example.org"]
    assert message.subject.startswith(
        "Returned to you: office or designated bank “Shenzhen: Futian hall”"
    )
    assert "The opening hours are missing." in message.body
    assert f"/admin/local/office/{item.pk}/change/" in message.body
    mail.outbox.clear()
    item.refresh_from_db()
    submitted(item, by=shenzhen_staff)
    with django_capture_on_commit_callbacks(execute=True):
        review(client_for(editor), item, "approve")
    assert [m.to[0] for m in mail.outbox] == ["shenzhen@example.org"]
    assert mail.outbox[0].subject.startswith("Approved and on the site:")


def test_each_person_can_turn_them_off_and_gets_them_in_their_language(
    addressed, shenzhen_staff, editor, second_editor, django_capture_on_commit_callbacks
):
    page = client_for(editor).get("/admin/notifications/")
    assert "They go to editor1@example.org." in page.content.decode()
    response = client_for(editor).post("/admin/notifications/", {})
    assert response.status_code == 302
    assert StaffProfile.objects.get(user=editor).notify_by_email is False
    StaffProfile.objects.update_or_create(user=second_editor, defaults={"language": "zh-hans"})
    with django_capture_on_commit_callbacks(execute=True):
        submitted(office(SHENZHEN, "福田大厅"), by=shenzhen_staff)
    (message,) = mail.outbox
    assert message.to == ["editor2@example.org"]
    assert message.subject.startswith("请审核：")
    # Back on.
    client_for(editor).post("/admin/notifications/", {"notify": "on"})
    assert StaffProfile.objects.get(user=editor).notify_by_email is True


def test_nobody_without_an_address_is_mailed_and_a_failing_server_breaks_nothing(
    shenzhen_staff, editor, settings, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted(office(SHENZHEN, "Futian hall"), by=shenzhen_staff)
    assert mail.outbox == []  # nobody has an address yet
    editor.email = "editor1@example.org"
    editor.save()
    # A real SMTP connection to a port where nothing listens.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    settings.EMAIL_USE_TLS = False
    item = office(SHENZHEN, "Luohu hall")
    with django_capture_on_commit_callbacks(execute=True):
        submitted(item, by=shenzhen_staff)
    item.refresh_from_db()
    assert item.status == "review"
    assert "Could not send 1 notification(s) of submitted" in caplog.text


def test_someone_moved_to_other_regions_is_not_told_of_the_item(
    addressed, shenzhen_staff, editor, django_capture_on_commit_callbacks
):
    item = submitted(office(SHENZHEN, "Futian hall"), by=shenzhen_staff)
    shenzhen_staff.staff_profile.regions.set(["330100"])  # now Hangzhou's
    with django_capture_on_commit_callbacks(execute=True):
        review(client_for(editor), item, "return", "The opening hours are missing.")
    assert mail.outbox == []
