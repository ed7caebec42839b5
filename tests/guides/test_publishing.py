"""Drafts of published guides: preview, publish (now or later), discard, history, restore."""

import datetime
import html
import io

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from editorial.roles import REGIONAL_STAFF
from guides.models import Guide, GuideVersion
from guides.publishing import PublishError, publish, start_draft
from tests.editorial.conftest import client_for, make_staff
from tests.guides.conftest import make_guide
from tests.regions.conftest import step_change

PUBLIC = "/guides/test-guide/"


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def draft(guide):
    """A draft of the published test guide whose first step has a new title."""
    draft = start_draft(guide=guide)
    step = draft.steps.get(position=1)
    step.title = "Know the local rules first"
    step.save()
    return draft


def publish_form(client, guide, **data):
    return client.post(f"/admin/guides/guide/{guide.pk}/publish/", data)


def test_a_draft_is_never_shown_to_citizens(client, draft):
    page = text(client.get(PUBLIC))
    assert "Know the local rules first" not in page
    assert "Step 1" in page
    assert client.get(f"/guides/{draft.slug}/").status_code == 404
    assert draft.slug not in client.get("/sitemap.xml").content.decode()


def test_the_preview_is_the_citizens_page_with_the_draft_for_any_region(
    editor_client, client, draft
):
    step_change("440300", draft.draft_of.steps.get(position=1), "note", "Shenzhen note.")
    page = text(editor_client.get(f"/admin/guides/guide/{draft.pk}/preview/"))
    assert "Preview of a draft. Citizens do not see this until it is published." in page
    assert "Know the local rules first" in page
    local = text(editor_client.get(f"/admin/guides/guide/{draft.pk}/preview/440000/440300/"))
    assert "Know the local rules first" in local and "Shenzhen note." in local
    anonymous = Client().get(f"/admin/guides/guide/{draft.pk}/preview/")
    assert anonymous.status_code == 302  # to sign in


def test_publishing_with_a_major_note_updates_the_page_and_its_history(
    editor_client, client, draft
):
    live = draft.draft_of
    note_on_step = step_change("440300", live.steps.get(position=1), "note", "Shenzhen note.")
    response = publish_form(editor_client, draft, change_note="Step 1 renamed.", major_change="on")
    assert response.status_code == 302
    assert not Guide.objects.filter(pk=draft.pk).exists()
    page = text(client.get(PUBLIC))
    assert "Know the local rules first" in page
    assert "Page history" in page and "Step 1 renamed." in page
    version = live.versions.get()
    assert (version.number, version.major_change, version.published_by.username) == (
        1, True, "editor",
    )  # fmt: skip
    # The published step kept its identity, so the region's note still applies.
    city = text(client.get(PUBLIC + "440000/440300/"))
    assert "Shenzhen note." in city
    note_on_step.refresh_from_db()
    assert note_on_step.step.title == "Know the local rules first"


def test_a_minor_change_is_recorded_but_not_listed_on_the_page(editor_client, client, draft):
    publish_form(editor_client, draft, change_note="Typo fixed.")
    assert "Typo fixed." not in text(client.get(PUBLIC))
    assert GuideVersion.objects.get().change_note == "Typo fixed."


def test_a_change_note_is_required(editor_client, draft):
    response = publish_form(editor_client, draft, change_note=" ")
    assert response.status_code == 200
    assert "Write a change note" in text(response)
    assert Guide.objects.filter(pk=draft.pk).exists()


def test_a_scheduled_change_goes_live_at_its_time_without_anyone(editor_client, client, draft):
    later = timezone.localtime() + datetime.timedelta(hours=2)
    response = publish_form(
        editor_client, draft, change_note="Scheduled.", major_change="on",
        publish_at=later.strftime("%Y-%m-%d %H:%M"),
    )  # fmt: skip
    assert response.status_code == 302
    assert "Know the local rules first" not in text(client.get(PUBLIC))
    # Time passes: the first visit after it, to any of the guide's pages, publishes it.
    with time_machine.travel(later + datetime.timedelta(minutes=1)):
        client.get(PUBLIC + "checklist/")
        assert GuideVersion.objects.count() == 1
        page = text(client.get(PUBLIC))
    assert "Know the local rules first" in page and "Scheduled." in page
    assert GuideVersion.objects.get().published_by is None


def test_the_command_publishes_what_is_due(draft):
    publish(guide=draft, user=None, change_note="Later.", major=False,
            at=timezone.now() + datetime.timedelta(minutes=5))  # fmt: skip
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    assert out.getvalue() == "Published 0 scheduled change(s).\n"
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6)):
        call_command("publish_scheduled", stdout=out)
    assert "Published 1 scheduled change(s)." in out.getvalue()


def test_discarding_a_draft_leaves_the_guide_as_it_was(editor_client, client, draft):
    response = editor_client.post(f"/admin/guides/guide/{draft.pk}/discard/")
    assert response.status_code == 302
    assert not Guide.objects.filter(pk=draft.pk).exists()
    assert "Know the local rules first" not in text(client.get(PUBLIC))


def test_versions_are_compared_and_an_old_one_restored_as_a_draft(editor_client, client, guide):
    for title in ["First title", "Second title"]:
        draft = start_draft(guide=guide)
        step = draft.steps.get(position=1)
        step.title = title
        step.save()
        publish(guide=draft, user=None, change_note=f"Now {title}.", major=True)
    history = text(editor_client.get(f"/admin/guides/guide/{guide.pk}/versions/?a=1&b=2"))
    assert "Version 1" in history and "Now Second title." in history
    assert "<del>First</del><ins>Second</ins> title" in history

    response = editor_client.post(f"/admin/guides/guide/{guide.pk}/versions/1/restore/")
    assert response.status_code == 302
    restored = guide.drafts.get()
    assert restored.steps.get(position=1).title == "First title"
    assert "Second title" in text(client.get(PUBLIC))  # not live until published
    publish(guide=restored, user=None, change_note="Back to the first title.", major=True)
    assert "First title" in text(client.get(PUBLIC))


def test_a_step_with_local_variations_cannot_be_removed_by_publishing(guide):
    step_change("440300", guide.steps.get(position=2), "note", "Shenzhen note.")
    draft = start_draft(guide=guide)
    draft.steps.get(position=2).delete()
    with pytest.raises(PublishError, match="has local variations in some regions"):
        publish(guide=draft, user=None, change_note="Remove step 2.", major=True)
    assert guide.steps.count() == 5
    assert Guide.objects.filter(pk=draft.pk).exists()


def test_a_published_guide_is_changed_only_through_a_draft(editor_client, guide):
    url = f"/admin/guides/guide/{guide.pk}/change/"
    page = text(editor_client.get(url))
    assert "Change in a draft" in page
    assert editor_client.post(url, {"title": "Changed in place"}).status_code == 403
    delete = editor_client.post(f"/admin/guides/guide/{guide.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    response = editor_client.post(f"/admin/guides/guide/{guide.pk}/draft/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/guides/guide/{guide.drafts.get().pk}/change/"
    guide.refresh_from_db()
    assert guide.title == "A guide of 5 steps"


def test_seeding_records_the_first_version(seed_guide):
    version = seed_guide.versions.get()
    assert (version.number, version.change_note, version.major_change) == (
        1, "First published.", True,
    )  # fmt: skip


def test_a_deleted_guide_comes_back_with_its_content_and_history(editor_client, client, draft):
    publish(guide=draft, user=None, change_note="First step renamed.", major=True)
    guide = Guide.objects.get(slug="test-guide")
    published = GuideVersion.objects.get(guide=guide)
    editor_client.post(
        "/admin/guides/guide/", {"action": "withdraw", "_selected_action": [guide.pk]}
    )
    assert (
        editor_client.post(f"/admin/guides/guide/{guide.pk}/delete/", {"post": "yes"}).status_code
        == 302
    )
    assert not Guide.objects.filter(slug="test-guide").exists()

    assert "Deleted guides" in text(editor_client.get("/admin/guides/guide/"))
    listing = text(editor_client.get("/admin/guides/guide/deleted/"))
    assert "A guide of 5 steps" in listing and "/guides/test-guide/" in listing
    response = editor_client.post(f"/admin/guides/guide/deleted/{published.pk}/restore/")
    restored = Guide.objects.get(slug="test-guide")
    assert response.url == f"/admin/guides/guide/{restored.pk}/change/"
    assert not restored.is_published  # back for an editor to check, not yet for citizens
    assert client.get(PUBLIC).status_code == 404
    steps = list(restored.steps.order_by("position"))
    assert [step.title for step in steps][:2] == ["Know the local rules first", "Step 2"]
    assert [m.name for m in steps[0].materials.all()] == ["item 1"]
    assert steps[0].citations.count() == 2 and restored.legal_basis.count() == 1
    assert list(restored.versions.values_list("change_note", flat=True)) == ["First step renamed."]

    publish_form(editor_client, restored, change_note="Restored.", major_change="on")
    page = text(client.get(PUBLIC))
    assert "Know the local rules first" in page and "First step renamed." in page
    assert restored.versions.count() == 2
    assert "No guide has been deleted." in text(editor_client.get("/admin/guides/guide/deleted/"))


def test_restoring_never_overwrites_a_guide_and_needs_an_editor(editor_client, draft, regions):
    publish(guide=draft, user=None, change_note="First.", major=False)
    guide = Guide.objects.get(slug="test-guide")
    version = guide.versions.get()
    guide.is_published = False
    guide.save()
    guide.delete()
    make_guide(steps=1)  # a new guide took the address meanwhile
    assert (
        editor_client.get(f"/admin/guides/guide/deleted/{version.pk}/restore/").status_code == 405
    )
    response = editor_client.post(f"/admin/guides/guide/deleted/{version.pk}/restore/", follow=True)
    assert "Another guide now has the address" in text(response)
    assert Guide.objects.filter(slug="test-guide").count() == 1
    regional = client_for(make_staff("regional", group=REGIONAL_STAFF, regions=("440300",)))
    assert regional.get("/admin/guides/guide/deleted/").status_code == 403
    assert regional.post(f"/admin/guides/guide/deleted/{version.pk}/restore/").status_code == 403
