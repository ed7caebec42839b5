"""The editors' admin screens work under the site's strict Content-Security-Policy."""

import re

import pytest
from django.contrib.auth import get_user_model

from guides.models import Guide
from guides.services import load_guide_file
from tests.factories import SEED_GUIDE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The change form's own tools, as an editor with every permission sees them on a
# published guide with no local rules and nothing scheduled (Django's own History
# and View on site links follow them).
GUIDE_TOOLS = ["Preview", "Publish…", "Published versions"]


def sign_in(page, base: str) -> None:
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    page.locator("#user-tools").wait_for()


def guide_tools(page) -> list[str]:
    return [" ".join(text.split()) for text in page.locator(".object-tools li").all_text_contents()]


def test_guide_editor_screen_has_no_csp_violations_and_previews_markdown(
    live_server, page, social_insurance_law
):
    guide, _ = load_guide_file(SEED_GUIDE)
    get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: problems.append(r.url) if r.status >= 400 else None)
    sign_in(page, live_server.url)
    # The published guide itself is what editors change: no copy is made first.
    page.goto(live_server.url + f"/admin/guides/guide/{guide.pk}/change/")
    assert guide_tools(page)[: len(GUIDE_TOOLS)] == GUIDE_TOOLS
    summary = page.locator("textarea[name=summary_en]")
    summary.fill("Preview **this** <script>alert(1)</script>")
    preview = page.locator(".fieldBox.field-summary_en .markdownx-preview")
    preview.locator("strong").wait_for(timeout=5000)
    assert preview.locator("strong").inner_text() == "this"
    assert "<script" not in preview.inner_html()
    assert problems == []
    assert Guide.objects.count() == 1


def test_an_editor_changes_previews_and_publishes_a_published_guide(
    browser, live_server, social_insurance_law, assert_serious_free
):
    guide, _ = load_guide_file(SEED_GUIDE)
    get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url)
    change_url = live_server.url + f"/admin/guides/guide/{guide.pk}/change/"

    page.goto(change_url)
    assert "changes saved here go live only when the guide is published" in (
        page.locator("#content-main").inner_text()
    )
    assert guide_tools(page)[: len(GUIDE_TOOLS)] == GUIDE_TOOLS
    page.locator("input[name='steps-0-title_en']").fill("Know the local policy")
    page.get_by_role("button", name="Save and continue editing").click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    # Saved onto the guide itself: the editor is still on its change form.
    assert page.url == change_url
    assert page.locator("input[name='steps-0-title_en']").input_value() == "Know the local policy"
    assert_serious_free(page)

    with context.expect_page() as opened:
        page.get_by_role("link", name="Preview", exact=True).click()
    preview = opened.value
    preview.wait_for_load_state()
    banner = preview.get_by_role("region", name="Preview")
    assert "Citizens do not see them until the guide is published." in banner.inner_text()
    assert "Know the local policy" in preview.locator("main").inner_text()
    preview.close()

    # Saved is not published: citizens still read version 1.
    citizen = browser.new_context().new_page()
    citizen.goto(live_server.url + guide.get_absolute_url())
    assert citizen.get_by_role("region", name="Preview").count() == 0
    assert "Know the local policy" not in citizen.locator("main").inner_text()

    page.get_by_role("link", name="Publish…").click()
    assert "replaces version 1 for citizens" in page.locator("#content-main").inner_text()
    assert_serious_free(page)
    page.get_by_label("Change note").fill("Step 1 now says to learn the local policy.")
    page.get_by_label("Major change").check()
    page.get_by_role("button", name="Publish").click()
    assert "Published version 2" in page.locator(".messagelist").inner_text()
    # The guide's history, newest first, with version 2 the one on the site.
    newest = page.locator("#content-main tbody tr").first
    assert re.search(r"^2\b", newest.locator("th").inner_text())
    assert "(on the site)" in newest.inner_text()
    assert "Step 1 now says to learn the local policy. (major)" in newest.inner_text()
    assert_serious_free(page)

    citizen.goto(live_server.url + guide.get_absolute_url())
    assert "Know the local policy" in citizen.locator("main").inner_text()
    history = citizen.locator("#history-heading + .c-history").inner_text()
    assert "Step 1 now says to learn the local policy." in history
    assert Guide.objects.count() == 1
    assert [p for p, _ in guide.steps.values_list("position", "title")] == [1, 2, 3, 4, 5]
    context.close()


def test_other_operator_screens_have_no_serious_accessibility_problems(
    page, live_server, social_insurance_law, regions, assert_serious_free
):
    from editorial.models import StaffProfile
    from laws.models import Paragraph
    from tests.factories import office

    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    profile = StaffProfile.objects.create(user=editor)
    profile.regions.set(["440300"])
    paragraph = Paragraph.objects.get(
        article__statute__slug="social-insurance-law", article__number=60, number=1
    )
    hall = office("440300", "Futian hall")
    sign_in(page, live_server.url)
    for path in [
        f"/admin/editorial/staffprofile/{profile.pk}/change/",  # regions: a two-list chooser
        f"/admin/laws/paragraph/{paragraph.pk}/change/",
        "/admin/guides/guide/deleted/",
        f"/admin/local/office/{hall.pk}/versions/",
    ]:
        page.goto(live_server.url + path)
        assert page.locator("#content-main").count() == 1, path
        assert_serious_free(page)
