"""Withdrawal wins: nothing brings a withdrawn guide back by itself."""

import datetime
import html

import time_machine
from django.test import Client
from django.utils import timezone

from guides.models import Guide, GuideVersion
from guides.publishing import record_version, restore_deleted
from tests.factories import make_guide

PAGE = "/guides/test-guide/"
LATER = datetime.timedelta(hours=2)


def withdraw_in_admin(client, guide):
    return client.post(
        "/admin/guides/guide/", {"action": "withdraw", "_selected_action": [guide.pk]}
    )


def test_withdrawing_takes_back_the_scheduled_version(editor_client, social_insurance_law, regions):
    guide = make_guide(steps=2, state="scheduled")
    withdraw_in_admin(editor_client, guide)
    assert not GuideVersion.objects.scheduled().filter(guide=guide).exists()
    with time_machine.travel(timezone.now() + LATER):
        assert Client().get(PAGE).status_code == 404


def test_a_guide_with_a_scheduled_version_cannot_be_deleted(
    editor_client, social_insurance_law, regions
):
    guide = make_guide(steps=2, state="unpublished")
    record_version(guide=guide, user=None, note="Later.", major=True, at=timezone.now() + LATER)
    response = editor_client.post(f"/admin/guides/guide/{guide.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Guide.objects.filter(pk=guide.pk).exists()


def test_a_restored_deleted_guide_does_not_go_live_by_itself(social_insurance_law, regions):
    guide = make_guide(steps=2, state="published")
    record_version(guide=guide, user=None, note="Later.", major=True, at=timezone.now() + LATER)
    version = guide.versions.get(number=1)
    Guide.objects.filter(pk=guide.pk).delete()  # as the shell would: the admin refuses
    restore_deleted(version=GuideVersion.objects.get(pk=version.pk))
    with time_machine.travel(timezone.now() + LATER):
        assert Client().get(PAGE).status_code == 404


def test_restoring_over_unpublished_changes_asks_first(
    editor_client, social_insurance_law, regions
):
    guide = make_guide(steps=2, state="changed")
    url = f"/admin/guides/guide/{guide.pk}/versions/1/restore/"
    asked = html.unescape(editor_client.post(url).content.decode())
    assert "has changes saved since it was last published" in asked
    assert guide.steps.get(position=1).title == "Step 1, renamed"  # nothing written yet
    assert editor_client.post(url, {"confirm": "yes"}).status_code == 302
    assert guide.steps.get(position=1).title == "Step 1"
