"""The editors' admin screens work under the site's strict Content-Security-Policy."""

import pytest
from django.contrib.auth import get_user_model

from guides.publishing import start_draft
from guides.services import load_guide_file
from tests.guides.conftest import SEED_GUIDE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_guide_editor_screen_has_no_csp_violations_and_previews_markdown(
    live_server, page, social_insurance_law
):
    guide, _ = load_guide_file(SEED_GUIDE)
    get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: problems.append(r.url) if r.status >= 400 else None)
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    draft = start_draft(guide=guide)
    page.goto(live_server.url + f"/admin/guides/guide/{draft.pk}/change/")
    summary = page.locator("textarea[name=summary]")
    summary.fill("Preview **this** <script>alert(1)</script>")
    preview = page.locator(".markdownx-preview").first
    preview.locator("strong").wait_for(timeout=5000)
    assert "<script" not in preview.inner_html()
    assert problems == []


def test_an_editor_drafts_previews_and_publishes_a_change(
    browser, live_server, social_insurance_law, assert_serious_free
):
    guide, _ = load_guide_file(SEED_GUIDE)
    get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()

    page.goto(live_server.url + f"/admin/guides/guide/{guide.pk}/change/")
    page.get_by_role("button", name="Change in a draft").click()
    page.locator("input[name='steps-0-title']").fill("Know the local policy")
    page.get_by_role("button", name="Save and continue editing").click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    assert_serious_free(page)

    with context.expect_page() as opened:
        page.get_by_role("link", name="Preview", exact=True).click()
    preview = opened.value
    preview.wait_for_load_state()
    assert "Preview of a draft" in preview.content()
    assert "Know the local policy" in preview.content()
    preview.close()

    citizen = browser.new_context().new_page()
    citizen.goto(live_server.url + guide.get_absolute_url())
    assert "Know the local policy" not in citizen.content()

    page.get_by_role("link", name="Publish…").click()
    assert_serious_free(page)
    page.get_by_label("Change note").fill("Step 1 now says to learn the local policy.")
    page.get_by_label("Major change").check()
    page.get_by_role("button", name="Publish").click()
    assert "Published version 2" in page.locator(".messagelist").inner_text()
    assert_serious_free(page)

    citizen.goto(live_server.url + guide.get_absolute_url())
    assert "Know the local policy" in citizen.content()
    history = citizen.locator("#history-heading + .c-history").inner_text()
    assert "Step 1 now says to learn the local policy." in history
    assert [p for p, _ in guide.steps.values_list("position", "title")] == [1, 2, 3, 4, 5]
    context.close()


def test_other_operator_screens_have_no_serious_accessibility_problems(
    page, live_server, social_insurance_law, regions, assert_serious_free
):
    from editorial.models import StaffProfile
    from laws.models import Paragraph
    from tests.regions.conftest import office

    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    profile = StaffProfile.objects.create(user=editor)
    profile.regions.set(["440300"])
    paragraph = Paragraph.objects.get(article__number=60, number=1)
    hall = office("440300", "Futian hall")
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    for path in [
        f"/admin/editorial/staffprofile/{profile.pk}/change/",  # regions: a two-list chooser
        f"/admin/laws/paragraph/{paragraph.pk}/change/",
        "/admin/guides/guide/deleted/",
        f"/admin/regions/office/{hall.pk}/versions/",
    ]:
        page.goto(live_server.url + path)
        assert page.locator("#content-main").count() == 1, path
        assert_serious_free(page)
