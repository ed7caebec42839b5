"""The editors' admin screens work under the site's strict Content-Security-Policy."""

import pytest
from django.contrib.auth import get_user_model

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
    page.goto(live_server.url + f"/admin/guides/guide/{guide.pk}/change/")
    summary = page.locator("textarea[name=summary]")
    summary.fill("Preview **this** <script>alert(1)</script>")
    preview = page.locator(".markdownx-preview").first
    preview.locator("strong").wait_for(timeout=5000)
    assert "<script" not in preview.inner_html()
    assert problems == []


def test_an_editor_saves_a_guide_from_the_browser(live_server, page, social_insurance_law):
    guide, _ = load_guide_file(SEED_GUIDE)
    get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + f"/admin/guides/guide/{guide.pk}/change/")
    page.locator("input[name='steps-0-title']").fill("Know the local policy")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    steps = list(guide.steps.values_list("position", "title"))
    assert steps[0] == (1, "Know the local policy")
    assert [position for position, _ in steps] == [1, 2, 3, 4, 5]
