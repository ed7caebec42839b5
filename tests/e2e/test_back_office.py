"""The back office as the real roles use it, in Chromium: scheduling (a past time refused,
an edit after scheduling, unscheduling), two editors on one guide with nothing lost, and
a regional change previewed, returned, resubmitted and approved with the emails it sends."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from editorial.roles import EDITORS, REGIONAL_STAFF
from guides.services import load_guide_file
from local.models import StepChange
from tests.factories import SEED_GUIDE, make_staff, step_change, steps_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "Long-enough-pass-42"
STEP_TITLE = "input[name='steps-0-title_en']"


@pytest.fixture
def guide(social_insurance_law, regions):
    guide, _ = load_guide_file(SEED_GUIDE)
    return guide


@pytest.fixture
def people(regions):
    people = {
        "wang": make_staff("wang", group=EDITORS),
        "zhao": make_staff("zhao", group=EDITORS),
        "li": make_staff("li", group=REGIONAL_STAFF, regions=("440300",)),
    }
    for user in people.values():
        user.email = f"{user.username}@example.org"
        user.save()
    return people


def signed_in(browser, base: str, username: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/admin/")
    return page


def messages(page) -> str:
    return page.locator(".messagelist").inner_text()


def test_an_editor_schedules_edits_and_unschedules_and_a_past_time_is_refused(
    browser, live_server, guide, people, assert_serious_free
):
    page = signed_in(browser, live_server.url, "wang")
    expect(page.locator("#site-name")).to_contain_text("editors")
    change = live_server.url + f"/admin/guides/guide/{guide.pk}/change/"
    page.goto(change)
    page.locator(STEP_TITLE).fill("Know the local policy")
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_role("link", name="Publish…").click()
    page.get_by_label("Change note").fill("The first step renamed.")
    when = page.get_by_label("Publish at (optional)")
    assert when.get_attribute("type") == "datetime-local"
    expect(page.locator("#content-main")).to_contain_text("in Asia/Shanghai time")
    assert_serious_free(page)
    last_year = timezone.localtime() - datetime.timedelta(days=365)
    when.fill(last_year.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".errorlist")).to_contain_text("Choose a time in the future")
    assert guide.versions.count() == 1

    later = timezone.localtime() + datetime.timedelta(days=2)
    page.get_by_label("Publish at (optional)").fill(later.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messagelist")).to_contain_text("Scheduled: version 2 goes live on")
    # An edit after scheduling does not slip into the scheduled version.
    page.locator(STEP_TITLE).fill("Know the policy where you live")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("keeps the words it was scheduled with")
    assert guide.versions.get(number=2).data["steps"][0]["title_en"] == "Know the local policy"
    assert guide.versions.get(number=2).published_by == people["wang"]

    page.get_by_role("button", name="Unschedule").click()
    expect(page.locator(".messagelist")).to_contain_text("Unscheduled")
    assert guide.versions.count() == 1
    page.context.close()


def test_two_editors_on_one_guide_lose_nothing_and_see_what_differs(
    browser, live_server, guide, people, assert_serious_free
):
    change = live_server.url + f"/admin/guides/guide/{guide.pk}/change/"
    wang = signed_in(browser, live_server.url, "wang")
    zhao = signed_in(browser, live_server.url, "zhao")
    wang.goto(change)
    zhao.goto(change)
    wang.locator(STEP_TITLE).fill("Wang's first step")
    wang.get_by_role("button", name="Save and continue editing").click()
    expect(wang.locator(".messagelist")).to_contain_text("was changed successfully")

    zhao.locator("textarea[name='short_answer_en']").fill("Zhao's short answer.")
    zhao.get_by_role("button", name="Save and continue editing").click()
    table = zhao.locator("table.side-by-side")
    expect(table).to_contain_text("Step 1: title (English)")
    row = table.locator("tr", has_text="Step 1: title (English)")
    expect(row).to_contain_text("Understand the social security payment policy")
    expect(row).to_contain_text("Wang's first step")
    assert_serious_free(zhao)
    # Zhao's input is still in the form; saving again keeps Wang's words as a draft.
    expect(zhao.locator("textarea[name='short_answer_en']")).to_have_value("Zhao's short answer.")
    zhao.get_by_role("button", name="Save and continue editing").click()
    expect(zhao.locator(".messagelist")).to_contain_text("was changed successfully")

    wang.goto(change)
    wang.get_by_role("link", name="Saved drafts").click()
    assert_serious_free(wang)
    wang_row = wang.locator("tbody tr", has_text="wang").first
    wang_row.get_by_role("button", name=re.compile("Restore the draft of")).click()
    expect(wang.locator(".messagelist")).to_contain_text("The guide says again what the draft")
    expect(wang.locator(STEP_TITLE)).to_have_value("Wang's first step")
    guide.refresh_from_db()
    assert guide.short_answer.startswith("Under normal circumstances")
    wang.context.close()
    zhao.context.close()


def test_a_regional_change_is_previewed_returned_resubmitted_and_approved_with_emails(
    browser, live_server, guide, people, assert_serious_free
):
    base = live_server.url
    note = step_change("440300", steps_of(guide)["policy"], "note", "Ask at the counter.")
    li = signed_in(browser, base, "li")
    expect(li.locator("#site-name")).to_contain_text("regional staff")
    li.goto(base + f"/admin/local/stepchange/{note.pk}/change/")
    li.locator("textarea[name='text_en']").fill("Book a time online first.")
    li.get_by_role("button", name="Submit for review").first.click()
    expect(li.locator(".messagelist")).to_contain_text("Submitted for review")
    assert sorted(m.to[0] for m in mail.outbox) == ["wang@example.org", "zhao@example.org"]

    li.goto(base + f"/admin/local/stepchange/{note.pk}/change/")
    with li.context.expect_page() as opened:
        li.get_by_role("link", name="Preview on the site").click()
    preview = opened.value
    expect(preview.locator("main")).to_contain_text("Book a time online first.")
    expect(preview.locator(".c-warning")).to_contain_text("Citizens do not see it until")

    wang = signed_in(browser, base, "wang")
    wang.goto(base + f"/admin/review/stepchange/{note.pk}/")
    wang.get_by_label("Comment for the submitter").fill("Say where to book.")
    wang.get_by_role("button", name="Return for changes").click()
    assert mail.outbox[-1].to == ["li@example.org"]
    assert "Say where to book." in mail.outbox[-1].body

    li.goto(base + "/admin/local/stepchange/")
    expect(li.locator("#result_list")).to_contain_text(
        "On the site; a change returned: Say where to book."
    )
    li.goto(base + f"/admin/local/stepchange/{note.pk}/change/")
    expect(li.locator(".errornote[role=status]")).to_contain_text("Say where to book.")
    li.locator("textarea[name='text_en']").fill("Book a time online first, on the city app.")
    li.get_by_role("button", name="Submit for review").first.click()

    wang.goto(base + f"/admin/review/stepchange/{note.pk}/")
    since = wang.locator("#since-returned")
    expect(since).to_contain_text("Say where to book.")
    expect(since).to_contain_text("on the city app")
    assert_serious_free(wang)
    wang.get_by_role("button", name="Approve and publish").click()
    assert mail.outbox[-1].to == ["li@example.org"]
    assert mail.outbox[-1].subject.startswith("Approved and on the site")
    assert StepChange.objects.get(pk=note.pk).text == "Book a time online first, on the city app."
    li.context.close()
    wang.context.close()


def test_an_editor_publishes_a_translation_draft_then_restores_the_earlier_one(
    browser, live_server, social_insurance_law, people, assert_serious_free
):
    from laws.models import Paragraph

    base = live_server.url
    paragraph = Paragraph.objects.get(
        article__statute__slug="social-insurance-law", article__number=60, number=1
    )
    before = paragraph.wordings.get().text_en
    article = base + "/laws/social-insurance-law/article/60/"
    wang = signed_in(browser, base, "wang")
    wang.goto(base + f"/admin/laws/paragraph/{paragraph.pk}/change/")
    expect(wang.locator("textarea[name$='text_zh']")).to_have_count(0)
    wang.get_by_role("link", name="Edit the translation").click()
    assert_serious_free(wang)
    wang.get_by_label("English translation (unofficial)").fill("Employers declare and pay on time.")
    wang.get_by_role("button", name="Save the draft").click()
    expect(wang.locator(".messagelist")).to_contain_text("Readers still see the published")

    reader = browser.new_context().new_page()
    reader.goto(article)
    expect(reader.locator("main")).not_to_contain_text("Employers declare and pay on time.")
    wang.get_by_role("link", name="Publish…").click()
    wang.get_by_label("Change note").fill("Shorter words.")
    wang.get_by_role("button", name="Publish").click()
    expect(wang.locator(".messagelist")).to_contain_text("readers now see the new translation")
    reader.goto(article)
    expect(reader.locator("main")).to_contain_text("Employers declare and pay on time.")

    wang.get_by_role("button", name="Restore version 1").click()
    expect(wang.locator(".messagelist")).to_contain_text("The words of version 1 are the draft")
    wang.get_by_role("link", name="Publish…").click()
    wang.get_by_label("Change note").fill("Back to the translation that came with the law.")
    wang.get_by_role("button", name="Publish").click()
    reader.goto(article)
    expect(reader.locator("main")).not_to_contain_text("Employers declare and pay on time.")
    assert paragraph.wordings.get().text_en == before
    reader.context.close()
    wang.context.close()
