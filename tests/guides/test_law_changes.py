"""Stale-law warnings: a step citing law whose words changed after an editor last checked
it is flagged on its page and on the editors' dashboard until confirmed or changed
(guides.lawchanges). Tried with the Social Insurance Law's 2018 amendment, which gave
Article 64, paragraph 1 new words, and a guide one step of which cites that paragraph."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from editorial.roles import EDITORS, REGIONAL_STAFF
from guides.models import Guide, Step
from guides.publishing import record_version
from laws.models import Paragraph, Wording
from tests.factories import WARNING, amendment_imported, client_for, make_staff

pytestmark = pytest.mark.django_db


def step_html(client, path: str, position: int) -> str:
    page = client.get(path).content.decode()
    start = page.index(f'id="step-{position}"')
    end = page.find(f'id="step-{position + 1}"', start)
    return page[start : end if end > 0 else None]


def test_importing_the_amendment_flags_the_step_citing_the_changed_paragraph(
    client, guide_citing_article_64
):
    assert "The law cited here changed" not in client.get("/guides/funds/").content.decode()

    amendment_imported()

    first = step_html(client, "/guides/funds/", 1)
    assert WARNING in first
    assert "Law changed" in first
    assert "/laws/social-insurance-law/article/64/2018-12-29/#p1" in first
    # Step 2 cites Article 60, which the amendment left as it was.
    assert "The law cited here changed" not in step_html(client, "/guides/funds/", 2)


def test_the_warning_is_in_chinese_on_the_chinese_page(client, guide_citing_article_64):
    amendment_imported()
    first = step_html(client, "/zh-hans/guides/funds/", 1)
    assert "本步骤引用的法律已于2018年12月29日修改" in first, first


def test_a_wording_scheduled_for_later_flags_the_step_too(client, guide_citing_article_64):
    paragraph = Paragraph.objects.get(
        article__statute__slug="social-insurance-law", article__number=64, number=1
    )
    current = paragraph.wordings.get(in_force_until__isnull=True)
    later = timezone.localdate() + datetime.timedelta(days=40)
    current.in_force_until = later
    current.save()
    Wording.objects.create(paragraph=paragraph, text_zh="新的条文。", in_force_from=later)

    first = step_html(client, "/guides/funds/", 1)
    day = f"{later.day} {later:%B} {later.year}"
    assert f"The law cited here changes on {day}; this step was last reviewed on" in first


def test_the_editors_see_the_step_with_the_wording_before_and_after(guide_citing_article_64):
    amendment_imported()
    editor = client_for(make_staff("editor", group=EDITORS))

    home = editor.get(reverse("admin:index")).content.decode()
    url = reverse("admin:guides_guide_law_changes", args=[guide_citing_article_64.pk])
    assert url in home

    page = editor.get(url).content.decode()
    before, after = Paragraph.objects.get(
        article__statute__slug="social-insurance-law", article__number=64, number=1
    ).wordings.order_by("in_force_from")
    assert after.in_force_from == datetime.date(2018, 12, 29)
    assert before.text_zh != after.text_zh
    assert before.text_zh.split("\n")[0] in page
    assert after.text_zh.split("\n")[0] in page
    assert "Step 1: Step 1" in page and "Step 2: Step 2" not in page


def test_confirming_the_step_takes_the_warning_off_and_is_kept_in_its_history(
    client, guide_citing_article_64
):
    amendment_imported()
    editor_user = make_staff("editor", group=EDITORS)
    editor = client_for(editor_user)
    url = reverse("admin:guides_guide_law_changes", args=[guide_citing_article_64.pk])
    step = guide_citing_article_64.steps.get(position=1)

    response = editor.post(url, {"step": step.pk}, follow=True)

    assert "Step 1 is confirmed" in response.content.decode()
    assert "The law cited here changed" not in client.get("/guides/funds/").content.decode()
    assert url not in editor.get(reverse("admin:index")).content.decode()
    entry = LogEntry.objects.get(object_id=str(guide_citing_article_64.pk))
    assert entry.user == editor_user
    assert "Step 1 checked against the law as changed on 2018-12-29" in entry.get_change_message()


def test_regional_staff_see_the_change_but_cannot_confirm_it(client, guide_citing_article_64):
    amendment_imported()
    staff = client_for(make_staff("shenzhen", group=REGIONAL_STAFF, regions=("440300",)))
    url = reverse("admin:guides_guide_law_changes", args=[guide_citing_article_64.pk])
    step = guide_citing_article_64.steps.get(position=1)

    page = staff.get(url).content.decode()
    assert "The step still holds" not in page
    assert staff.post(url, {"step": step.pk}).status_code == 403
    assert "The law cited here changed" in client.get("/guides/funds/").content.decode()


def test_confirming_a_step_not_flagged_changes_nothing(guide_citing_article_64):
    amendment_imported()
    editor = client_for(make_staff("editor", group=EDITORS))
    url = reverse("admin:guides_guide_law_changes", args=[guide_citing_article_64.pk])
    step_2 = guide_citing_article_64.steps.get(position=2)
    for sent in (step_2.pk, "", "９", "99999999999999999999"):
        response = editor.post(url, {"step": sent}, follow=True)
        assert response.status_code == 200
        assert "not waiting for a check" in response.content.decode()
    assert editor.post(url, {"step": "1\x00"}).status_code == 400
    assert not LogEntry.objects.exists()


def test_publishing_a_change_to_the_step_counts_as_checking_it(client, guide_citing_article_64):
    amendment_imported()
    guide = guide_citing_article_64
    Step.objects.filter(guide=guide, position=2).update(title="Step 2, renamed")
    record_version(
        guide=Guide.objects.get(pk=guide.pk),
        user=None,
        note="Step 2 renamed.",
        major=False,
        at=timezone.now(),
    )
    # Another step's change is no check of step 1.
    assert "The law cited here changed" in step_html(client, "/guides/funds/", 1)

    Step.objects.filter(guide=guide, position=1).update(body="New words for the new law.")
    record_version(
        guide=Guide.objects.get(pk=guide.pk),
        user=None,
        note="Step 1 rewritten.",
        major=False,
        at=timezone.now(),
    )
    assert "The law cited here changed" not in client.get("/guides/funds/").content.decode()


def test_words_corrected_in_the_admin_flag_the_step_too(client, guide_citing_article_64):
    wording = Paragraph.objects.get(
        article__statute__slug="social-insurance-law", article__number=64, number=1
    ).wordings.get()
    wording.text_zh += "（更正）"
    wording.save(update_fields=["text_zh"])

    first = step_html(client, "/guides/funds/", 1)
    assert "The law cited here changed on 1 July 2011" in first


def test_the_editors_see_the_words_the_step_was_checked_against_as_before(
    guide_citing_article_64,
):
    # Two new wordings since the step was checked: the comparison starts from the words it
    # was checked against, not from the first new ones (never checked either).
    paragraph = Paragraph.objects.get(
        article__statute__slug="social-insurance-law", article__number=64, number=1
    )
    checked_against = paragraph.wordings.get()
    checked_against.in_force_until = datetime.date(2027, 1, 1)
    checked_against.save()
    Wording.objects.create(
        paragraph=paragraph, text_zh="二〇二七年的条文。", in_force_from=datetime.date(2027, 1, 1),
        in_force_until=datetime.date(2030, 1, 1),
    )  # fmt: skip
    Wording.objects.create(
        paragraph=paragraph, text_zh="二〇三〇年的条文。", in_force_from=datetime.date(2030, 1, 1)
    )

    from guides import lawchanges

    (item,) = lawchanges.steps_to_check()
    (change,) = item.law_change.changes
    assert change.before == checked_against
    assert change.after.text_zh == "二〇三〇年的条文。"
