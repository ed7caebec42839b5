"""Editors change the guide itself; citizens read its published versions. Preview, publish
(now or later), unschedule, discard unpublished changes, history, restore."""

import datetime
import html
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from editorial.roles import REGIONAL_STAFF
from guides.models import Guide, GuideVersion
from guides.publishing import PublishError, publish, restore, withdraw
from tests.factories import client_for, make_guide, make_staff, step_change
from tests.formdata import form_data

PUBLIC = "/guides/test-guide/"  # the `guide` fixture's page
# The seed guide's page. Tests that save through the admin use it: the `guide` fixture puts
# materials and payment methods on every step, which the admin's form refuses.
SEED = "/guides/where-to-pay-social-security/"
SEED_STEP_1 = "Understand the social security payment policy"
NEW_TITLE = "Know the local rules first"
PREVIEW_BANNER = re.compile(r'aria-label="Preview".*Citizens do not see \w+ until')


def text(response) -> str:
    return html.unescape(response.content.decode())


def admin(guide, page: str = "change") -> str:
    return f"/admin/guides/guide/{guide.pk}/{page}/"


@pytest.fixture
def citizen():
    """A visitor who is not signed in (`client` is the editor's, once editor_client is used)."""
    return Client()


def save_in_admin(client, guide, **changes):
    """Open the guide's change form and save it with `changes`, as an editor would."""
    page = client.get(admin(guide))
    assert page.status_code == 200
    data = form_data(page.content.decode(), "guide_form")
    response = client.post(admin(guide), data | {k: [v] for k, v in changes.items()})
    assert response.status_code == 302, text(response)[-3000:]
    return response


def step_titles(response) -> list[str]:
    """The steps' headings, in order, as the guide's page shows them."""
    headings = re.findall(r'<h3 class="c-steps__title">(.*?)</h3>', text(response), re.S)
    return [re.sub(r"^Step \d+\s+", "", re.sub(r"<[^>]+>", "", h).strip()) for h in headings]


def rename_first_step(guide, title: str) -> None:
    step = guide.steps.get(position=1)
    step.title = title
    step.save()


@pytest.fixture
def changed(editor_client, seed_guide):
    """The published seed guide, its first step renamed in the admin and not yet published."""
    save_in_admin(editor_client, seed_guide, **{"steps-0-title_en": NEW_TITLE})
    assert seed_guide.steps.get(position=1).title == NEW_TITLE
    return seed_guide


def publish_form(client, guide, **data):
    return client.post(admin(guide, "publish"), data)


def later_by(**delta) -> datetime.datetime:
    """A local time `delta` from now, to the minute, as the publish form takes it."""
    return (timezone.localtime() + datetime.timedelta(**delta)).replace(second=0, microsecond=0)


def schedule(client, guide, at: datetime.datetime, note: str = "Scheduled."):
    return publish_form(
        client, guide, change_note=note, major_change="on", publish_at=at.strftime("%Y-%m-%d %H:%M")
    )


def test_changes_saved_to_the_guide_are_not_shown_to_citizens_until_published(citizen, changed):
    assert step_titles(citizen.get(SEED))[0] == SEED_STEP_1
    assert NEW_TITLE not in text(citizen.get(SEED))
    assert NEW_TITLE not in text(citizen.get(SEED + "440000/440300/"))
    # A guide never published is not on the site at all.
    make_guide(steps=1, slug="never-published", state="unpublished")
    assert citizen.get("/guides/never-published/").status_code == 404
    assert citizen.get("/guides/never-published/checklist/").status_code == 404
    assert "never-published" not in citizen.get("/sitemap.xml").content.decode()
    assert "A guide of 1 steps" not in text(citizen.get("/guides/"))
    assert SEED in citizen.get("/sitemap.xml").content.decode()


def test_a_published_guide_is_changed_in_place_while_citizens_keep_its_published_version(
    editor_client, citizen, seed_guide
):
    page = text(editor_client.get(admin(seed_guide)))
    assert "changes saved here go live only when the guide is published" in page
    assert "Publish…" in page
    assert "On the site: version 1" in page
    assert "with changes not yet published" not in page
    assert 'name="slug"' not in page  # a published address never changes
    save_in_admin(editor_client, seed_guide, title_en="Changed in place")
    seed_guide.refresh_from_db()
    assert seed_guide.title == "Changed in place"
    assert "On the site: version 1; with changes not yet published" in text(
        editor_client.get(admin(seed_guide))
    )
    public = text(citizen.get(SEED))
    assert "Where can I pay the social security card?" in public
    assert "Changed in place" not in public
    # On the site, it cannot be deleted: it is withdrawn first, and its history kept.
    delete = editor_client.post(admin(seed_guide, "delete"), {"post": "yes"})
    assert delete.status_code == 403
    assert Guide.objects.filter(pk=seed_guide.pk).exists()


def test_the_preview_is_the_citizens_page_with_the_unpublished_changes_for_any_region(
    editor_client, changed
):
    step_change("440300", changed.steps.get(position=1), "note", "Shenzhen note.")
    form = text(editor_client.get(admin(changed)))
    assert "Preview for Shenzhen" in form
    page = editor_client.get(admin(changed, "preview"))
    assert PREVIEW_BANNER.search(text(page))
    assert step_titles(page)[0] == NEW_TITLE
    local = editor_client.get(admin(changed, "preview/440000/440300"))
    assert PREVIEW_BANNER.search(text(local))
    assert local["X-Robots-Tag"] == "noindex"
    assert NEW_TITLE in step_titles(local)[0] and "Shenzhen note." in text(local)
    anonymous = Client().get(admin(changed, "preview"))
    assert anonymous.status_code == 302  # to sign in
    assert "/admin/login/" in anonymous["Location"]
    assert Client().get(admin(changed, "preview/440000/440300")).status_code == 302


def test_publishing_with_a_major_note_updates_the_page_and_its_history(
    editor_client, citizen, changed
):
    note_on_step = step_change("440300", changed.steps.get(position=1), "note", "Shenzhen note.")
    response = publish_form(
        editor_client, changed, change_note="Step 1 renamed.", major_change="on"
    )
    assert response.status_code == 302
    assert response["Location"] == admin(changed, "versions")
    assert f"Published version 2 of {changed.title}." in text(editor_client.get(response.url))
    page = citizen.get(SEED)
    assert step_titles(page)[0] == NEW_TITLE
    assert "Page history" in text(page) and "Step 1 renamed." in text(page)
    version = changed.versions.get(number=2)
    assert (version.major_change, version.published_by.username) == (True, "editor")
    # The step kept its identity, so the region's note still applies to it.
    city = citizen.get(SEED + "440000/440300/")
    assert NEW_TITLE in step_titles(city)[0] and "Shenzhen note." in text(city)
    note_on_step.refresh_from_db()
    assert note_on_step.step.title == NEW_TITLE
    assert "with changes not yet published" not in text(editor_client.get(admin(changed)))


def test_a_minor_change_is_recorded_but_not_listed_on_the_page(editor_client, citizen, changed):
    publish_form(editor_client, changed, change_note="Typo fixed.")
    page = citizen.get(SEED)
    assert step_titles(page)[0] == NEW_TITLE
    assert "Typo fixed." not in text(page)
    history = text(editor_client.get(admin(changed, "versions")))
    assert "Typo fixed." in history
    assert changed.versions.get(number=2).major_change is False


def test_a_change_note_is_required(editor_client, citizen, changed):
    response = publish_form(editor_client, changed, change_note=" ")
    assert response.status_code == 200
    assert "Write a change note" in text(response)
    assert changed.versions.count() == 1
    assert NEW_TITLE not in text(citizen.get(SEED))


def test_publishing_with_no_change_is_refused(editor_client, citizen, guide):
    response = publish_form(editor_client, guide, change_note="Nothing really.", major_change="on")
    assert response.status_code == 200
    assert "Nothing has changed since the last version: there is nothing to publish." in text(
        response
    )
    assert guide.versions.count() == 1
    assert "Nothing really." not in text(citizen.get(PUBLIC))


def test_a_scheduled_change_goes_live_at_its_time_with_nothing_written_then(
    editor_client, citizen, changed
):
    later = later_by(hours=2)
    response = schedule(editor_client, changed, later)
    assert response.status_code == 302
    assert response["Location"] == admin(changed)
    form = text(editor_client.get(response.url))
    assert f"Scheduled: version 2 goes live on {later:%d %B %Y at %H:%M}." in form
    assert f"Version 2 is scheduled to go live on {later.day} {later:%B %Y, %H:%M}" in form
    assert NEW_TITLE not in text(citizen.get(SEED))
    # Time passes: nobody publishes anything, and the guide's pages show the new version.
    changed.refresh_from_db()
    saves, versions = changed.revision, GuideVersion.objects.count()
    with time_machine.travel(later + datetime.timedelta(minutes=1)):
        checklist = citizen.get(SEED + "checklist/")
        page = citizen.get(SEED)
        assert GuideVersion.objects.count() == versions  # nothing written on the visit
    assert checklist.status_code == 200
    assert step_titles(page)[0] == NEW_TITLE and "Scheduled." in text(page)
    changed.refresh_from_db()
    assert changed.revision == saves  # the guide itself was not saved either


def test_a_page_seen_just_before_the_scheduled_time_is_not_kept_past_it(
    editor_client, citizen, changed
):
    later = later_by(minutes=3)  # two to three minutes from now: within a kept page's life
    assert schedule(editor_client, changed, later).status_code == 302
    for _ in range(2):  # kept, then served as kept
        assert step_titles(citizen.get(SEED))[0] == SEED_STEP_1
    with time_machine.travel(later + datetime.timedelta(seconds=30)):
        assert step_titles(citizen.get(SEED))[0] == NEW_TITLE


def test_the_version_published_at_its_time_is_credited_to_the_editor_who_scheduled_it(
    editor, seed_guide, citizen
):
    as_editor = client_for(editor)
    save_in_admin(as_editor, seed_guide, **{"steps-0-title_en": NEW_TITLE})
    later = later_by(hours=1)
    assert schedule(as_editor, seed_guide, later, note="Renamed, later.").status_code == 302
    with time_machine.travel(later + datetime.timedelta(minutes=1)):
        assert step_titles(citizen.get(SEED))[0] == NEW_TITLE
        history = text(as_editor.get(admin(seed_guide, "versions")))
    row = re.search(r'<th scope="row">2</th>(.*?)</tr>', history, re.S).group(1)
    assert "(on the site)" in row
    assert "<td>editor1</td>" in row
    assert "Renamed, later." in row
    assert seed_guide.versions.get(number=2).published_by == editor


def test_unscheduling_keeps_the_changes_and_nothing_goes_live(editor_client, citizen, changed):
    later = later_by(hours=2)
    schedule(editor_client, changed, later)
    form = text(editor_client.get(admin(changed)))
    assert "Unschedule" in form and "Publish…" not in form
    assert editor_client.get(admin(changed, "unschedule")).status_code == 405
    response = editor_client.post(admin(changed, "unschedule"), follow=True)
    assert response.redirect_chain == [(admin(changed), 302)]
    page = text(response)
    assert "Unscheduled: the guide's changes are kept here, not yet published." in page
    assert "is scheduled to go live" not in page
    assert "Publish…" in page and "with changes not yet published" in page
    assert changed.versions.count() == 1
    assert changed.steps.get(position=1).title == NEW_TITLE
    with time_machine.travel(later + datetime.timedelta(minutes=1)):
        assert step_titles(citizen.get(SEED))[0] == SEED_STEP_1
    again = editor_client.post(admin(changed, "unschedule"), follow=True)
    assert "Nothing is scheduled for this guide." in text(again)


def test_publishing_while_a_version_is_scheduled_is_refused(editor_client, citizen, changed):
    later = later_by(hours=2)
    schedule(editor_client, changed, later)
    save_in_admin(editor_client, changed, **{"steps-1-title_en": "Another change"})
    response = publish_form(editor_client, changed, change_note="Now.", major_change="on")
    assert response.status_code == 200
    assert f"Version 2 is scheduled for {later:%d %B %Y at %H:%M}: unschedule it first" in text(
        response
    )
    assert changed.versions.count() == 2
    assert "Another change" not in text(citizen.get(SEED))
    with time_machine.travel(later + datetime.timedelta(minutes=1)):
        titles = step_titles(citizen.get(SEED))
    assert titles[:2] == [NEW_TITLE, "Prepare relevant materials"]  # as scheduled, no more


def test_discarding_unpublished_changes_puts_the_guide_back_as_published(
    editor_client, citizen, changed
):
    confirm = editor_client.get(admin(changed, "discard"))
    assert confirm.status_code == 200
    assert "Discard every change saved since the guide was last published?" in text(confirm)
    assert changed.steps.get(position=1).title == NEW_TITLE  # asking changes nothing
    response = editor_client.post(admin(changed, "discard"), follow=True)
    assert response.redirect_chain == [(admin(changed), 302)]
    page = text(response)
    assert "The guide says again what version 1 says; what citizens see is unchanged." in page
    assert "with changes not yet published" not in page
    assert changed.steps.get(position=1).title == SEED_STEP_1
    assert changed.versions.count() == 1
    assert step_titles(citizen.get(SEED))[0] == SEED_STEP_1
    refused = publish_form(editor_client, changed, change_note="Nothing.", major_change="on")
    assert "Nothing has changed since the last version" in text(refused)


def test_a_guide_never_published_has_nothing_to_discard(editor_client, social_insurance_law):
    guide = make_guide(steps=1, slug="never-published", state="unpublished")
    page = text(editor_client.get(admin(guide)))
    assert "Not on the site" in page and "Discard unpublished changes" not in page
    assert editor_client.post(admin(guide, "discard")).status_code == 404


def test_versions_are_compared_and_restoring_one_then_publishing_it_restores_it_on_the_site(
    editor_client, citizen, guide
):
    for title in ["First title", "Second title"]:
        rename_first_step(guide, title)
        publish(guide=guide, user=None, change_note=f"Now {title}.", major=True)
    history = text(editor_client.get(admin(guide, "versions") + "?a=2&b=3"))
    assert "Version 2" in history and "Now Second title." in history
    assert "<del>First</del><ins>Second</ins> title" in history

    assert editor_client.get(admin(guide, "versions/2/restore")).status_code == 405
    response = editor_client.post(admin(guide, "versions/2/restore"), follow=True)
    assert response.redirect_chain == [(admin(guide), 302)]
    assert "The guide says again what version 2 said: check it, then publish it" in text(response)
    assert guide.steps.get(position=1).title == "First title"
    assert guide.versions.count() == 3
    assert step_titles(citizen.get(PUBLIC))[0] == "Second title"  # not live until published
    assert step_titles(editor_client.get(admin(guide, "preview")))[0] == "First title"

    publish_form(editor_client, guide, change_note="Back to the first title.", major_change="on")
    page = citizen.get(PUBLIC)
    assert step_titles(page)[0] == "First title"
    assert "Back to the first title." in text(page)


def test_removing_a_step_with_local_variations_is_refused_in_the_admin(
    editor_client, citizen, seed_guide
):
    step = seed_guide.steps.get(position=2)
    step_change("440300", step, "note", "Shenzhen note.")
    page = editor_client.get(admin(seed_guide))
    data = form_data(page.content.decode(), "guide_form")
    assert data["steps-1-id"] == [str(step.pk)]
    response = editor_client.post(admin(seed_guide), data | {"steps-1-DELETE": ["on"]})
    assert response.status_code == 200
    shown = text(response)
    assert "Please correct the error" in shown
    message = re.search(r'<ul class="errorlist[^>]*>\s*<li>(Deleting step 2\.[^<]*)</li>', shown)
    assert message, "no message on the step"
    assert "would require deleting the following protected related objects" in message[1]
    assert "Shenzhen: add a local note to step 2" in message[1]
    assert seed_guide.steps.count() == 5
    assert step.materials.count() == 4
    assert "with changes not yet published" not in text(editor_client.get(admin(seed_guide)))
    assert "Shenzhen note." in text(citizen.get(SEED + "440000/440300/"))


def test_restoring_a_version_without_a_step_that_has_local_variations_is_refused(
    editor_client, guide
):
    # Step 6 is added and published after version 1; then a region refers to it.
    added = guide.steps.create(position=6, kind="records", title="Step 6", body="Six.")
    publish(guide=guide, user=None, change_note="Step 6 added.", major=True)
    step_change("440300", added, "note", "Shenzhen note on step 6.")
    rename_first_step(guide, "Unpublished title")
    response = editor_client.post(
        admin(guide, "versions/1/restore"), {"confirm": "yes"}, follow=True
    )
    assert response.redirect_chain == [(admin(guide, "versions"), 302)]
    assert "“6. Step 6” has local variations in some regions, so it cannot be removed." in text(
        response
    )
    # Nothing written: the working copy is as it was before the attempt.
    assert guide.steps.count() == 6
    assert guide.steps.get(position=1).title == "Unpublished title"
    with pytest.raises(PublishError, match="has local variations in some regions"):
        restore(guide=guide, version=guide.versions.get(number=1))
    assert guide.steps.count() == 6


def test_seeding_records_the_first_version(seed_guide):
    version = seed_guide.versions.get()
    assert (version.number, version.change_note, version.major_change) == (
        1, "First published.", True,
    )  # fmt: skip


def test_a_deleted_guide_comes_back_with_its_content_and_history(editor_client, citizen, guide):
    rename_first_step(guide, NEW_TITLE)
    publish_form(editor_client, guide, change_note="First step renamed.", major_change="on")
    published = guide.versions.get(number=2)
    editor_client.post(
        "/admin/guides/guide/", {"action": "withdraw", "_selected_action": [guide.pk]}
    )
    assert citizen.get(PUBLIC).status_code == 404
    assert editor_client.post(admin(guide, "delete"), {"post": "yes"}).status_code == 302
    assert not Guide.objects.filter(slug="test-guide").exists()

    assert "Deleted guides" in text(editor_client.get("/admin/guides/guide/"))
    listing = text(editor_client.get("/admin/guides/guide/deleted/"))
    assert "A guide of 5 steps" in listing and "/guides/test-guide/" in listing
    assert "Version 2" in listing
    response = editor_client.post(f"/admin/guides/guide/deleted/{published.pk}/restore/")
    restored = Guide.objects.get(slug="test-guide")
    assert response.url == admin(restored)
    # Back for an editor to check, not yet for citizens.
    assert citizen.get(PUBLIC).status_code == 404
    assert "Not on the site" in text(editor_client.get(admin(restored)))
    steps = list(restored.steps.order_by("position"))
    assert [step.title for step in steps][:2] == [NEW_TITLE, "Step 2"]
    assert [m.name for m in steps[0].materials.all()] == ["item 1"]
    assert steps[0].citations.count() == 2 and restored.legal_basis.count() == 1
    assert list(restored.versions.order_by("number").values_list("change_note", flat=True)) == [
        "First published.",
        "First step renamed.",
    ]

    publish_form(editor_client, restored, change_note="Restored.", major_change="on")
    page = citizen.get(PUBLIC)
    assert step_titles(page)[0] == NEW_TITLE and "First step renamed." in text(page)
    assert restored.versions.count() == 3
    assert "No guide has been deleted." in text(editor_client.get("/admin/guides/guide/deleted/"))


def test_restoring_never_overwrites_a_guide_and_needs_an_editor(editor_client, guide):
    version = guide.versions.get()
    withdraw(guide=guide)
    guide.delete()
    make_guide(steps=1)  # a new guide took the address meanwhile
    assert (
        editor_client.get(f"/admin/guides/guide/deleted/{version.pk}/restore/").status_code == 405
    )
    response = editor_client.post(f"/admin/guides/guide/deleted/{version.pk}/restore/", follow=True)
    assert "Another guide now has the address" in text(response)
    assert Guide.objects.filter(slug="test-guide").count() == 1
    assert Guide.objects.get(slug="test-guide").title == "A guide of 1 steps"
    regional = client_for(make_staff("regional", group=REGIONAL_STAFF, regions=("440300",)))
    assert regional.get("/admin/guides/guide/deleted/").status_code == 403
    assert regional.post(f"/admin/guides/guide/deleted/{version.pk}/restore/").status_code == 403


def test_a_publish_time_in_the_past_is_refused_and_nothing_is_published(
    editor_client, citizen, changed
):
    form = text(editor_client.get(admin(changed, "publish")))
    assert 'type="datetime-local"' in form and "in Asia/Shanghai time" in form
    typo = later_by(days=-365)  # 2026 typed for 2027
    response = schedule(editor_client, changed, typo)
    assert response.status_code == 200
    assert "Choose a time in the future, or leave it empty to publish now." in text(response)
    assert changed.versions.count() == 1
    assert NEW_TITLE not in text(citizen.get(SEED))
    with pytest.raises(PublishError, match="Choose a time in the future"):
        publish(guide=changed, user=None, change_note="x", major=False, at=timezone.now())


def test_an_edit_saved_after_scheduling_is_not_slipped_into_the_scheduled_version(
    editor_client, citizen, changed
):
    later = later_by(hours=2)
    schedule(editor_client, changed, later)
    response = save_in_admin(editor_client, changed, **{"steps-1-title_en": "Slipped in?"})
    page = text(editor_client.get(response.url))
    assert (
        f"Version 2, scheduled for {later:%d %B %Y at %H:%M}, keeps the words it was scheduled "
        "with: what you just saved is not in it." in page
    )
    with time_machine.travel(later + datetime.timedelta(minutes=1)):
        titles = step_titles(citizen.get(SEED))
    assert titles[0] == NEW_TITLE and "Slipped in?" not in titles
