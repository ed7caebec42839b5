"""Importing the 2018 amendment of the Social Insurance Law flags, in a browser, the step
that cites Article 64, paragraph 1: on the citizens' page and on the editor's dashboard,
until the editor confirms that it still holds."""

import pytest
from playwright.sync_api import expect

from editorial.roles import EDITORS
from tests.factories import WARNING, amendment_imported, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_editor_sees_the_changed_law_and_confirms_the_step(
    browser, live_server, page, assert_accessible, assert_serious_free, guide_citing_article_64
):
    amendment_imported()
    make_staff("editor", group=EDITORS)

    # A citizen: the step says the law behind it changed, and links to the new words.
    page.goto(live_server.url + "/guides/funds/")
    first = page.locator("#step-1")
    expect(first.get_by_text("Law changed")).to_be_visible()
    first.locator(".c-steps__toggle").click()
    expect(first.get_by_text(WARNING)).to_be_visible()
    assert_accessible(page)

    # The editor: the dashboard lists the step; its page shows the words before and after.
    editor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    editor.goto(live_server.url + "/admin/login/")
    editor.get_by_label("Username").fill("editor")
    editor.get_by_label("Password").fill("Long-enough-pass-42")
    editor.get_by_role("button", name="Log in").click()
    law = editor.locator("#dashboard-law")
    expect(law).to_contain_text("step 1: Step 1")
    assert_serious_free(editor)
    law.get_by_role("link").first.click()
    expect(editor.locator("#content-main")).to_contain_text("Before")
    expect(editor.locator(".law-change__compare ins").first).to_be_visible()
    assert_serious_free(editor)
    editor.get_by_role("button", name="The step still holds").click()
    expect(editor.locator(".messagelist")).to_contain_text("Step 1 is confirmed")

    editor.goto(live_server.url + "/admin/")
    expect(editor.locator("#dashboard-law")).to_contain_text("No step cites law that changed")

    page.goto(live_server.url + "/guides/funds/")
    expect(page.locator("#step-1")).not_to_contain_text("Law changed")
