"""Public pages come from the cache until content changes; nothing private is ever cached."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from guides.models import Citation, Guide, Material, PaymentMethod
from guides.publishing import kept_next_publication, publish, withdraw
from laws.models import Paragraph, Wording
from local.models import Status
from portal.cache import (
    PAGE_TIMEOUT,
    _seconds_to_deadline,
    bump_generation,
    deadlines,
    generation,
)
from regions.models import Region
from tests.factories import make_guide, step_change

GUIDE = "/guides/test-guide/"


@pytest.fixture
def guide(social_insurance_law, regions):
    return make_guide(steps=3)


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def test_a_second_visit_is_answered_from_the_cache_without_the_database(guide):
    client = Client()
    first, _ = get(client, GUIDE)
    second, queries = get(client, GUIDE)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert queries == 0
    assert second.content == first.content
    # Proxies and CDNs may keep it a minute; browsers check back (a 304 if unchanged).
    assert second["Cache-Control"] == "public, max-age=0, s-maxage=60"
    assert "Content-Security-Policy" in second and second["X-Frame-Options"] == "DENY"


def test_a_change_to_the_content_is_seen_at_once(guide):
    client = Client()
    get(client, GUIDE)
    guide.short_answer = "A new short answer."
    guide.save()
    publish(guide=guide, user=None, change_note="New short answer.", major=False)
    response, _ = get(client, GUIDE)
    assert response["X-Cache"] == "miss"
    assert "A new short answer." in response.content.decode()


def test_changes_to_the_working_copy_keep_the_cached_page_until_they_are_published(guide):
    """Editors save the guide as often as they like: citizens read its published version, so
    none of those saves makes a kept page old. Publishing does, at once."""
    client = Client()
    assert get(client, GUIDE)[0]["X-Cache"] == "miss"
    before = generation()
    guide.short_answer = "A new short answer."
    guide.save()
    step = guide.steps.get(position=2)
    step.title = "A renamed step"
    step.save()
    material = Material.objects.filter(step__guide=guide).first()
    material.name = "renamed item"
    material.save()
    method = PaymentMethod.objects.filter(step__guide=guide).first()
    method.name = "Renamed method"
    method.save()
    Citation.objects.filter(step=step).delete()
    assert generation() == before
    response, queries = get(client, GUIDE)
    assert (response["X-Cache"], queries) == ("hit", 0)
    assert "A new short answer." not in response.content.decode()

    publish(guide=guide, user=None, change_note="New short answer.", major=False)
    assert generation() != before
    response, _ = get(client, GUIDE)
    assert response["X-Cache"] == "miss"
    page = response.content.decode()
    assert "A new short answer." in page and "A renamed step" in page
    assert get(client, GUIDE)[0]["X-Cache"] == "hit"


@pytest.mark.parametrize("url", [GUIDE, GUIDE + "440000/440300/"])
def test_a_page_built_again_cites_the_law_as_published_not_as_in_the_working_copy(guide, url):
    client = Client()
    published = get(client, url)[0].content.decode()
    cited = published.count("Article 60")
    assert cited > 1
    Citation.objects.filter(step__guide=guide).delete()  # unpublished
    bump_generation()  # any visible change: the page is built again, from the version
    response, _ = get(client, url)
    assert response["X-Cache"] == "miss"
    assert response.content.decode().count("Article 60") == cited


def test_withdrawing_a_guide_takes_its_kept_page_off_at_once(guide):
    client = Client()
    get(client, GUIDE)
    assert get(client, GUIDE)[0]["X-Cache"] == "hit"
    withdraw(guide=guide)
    response, _ = get(client, GUIDE)
    assert response.status_code == 404 and "X-Cache" not in response
    assert "test-guide" not in get(client, "/guides/")[0].content.decode()


def test_a_local_item_changes_kept_pages_only_once_it_is_live(guide):
    client = Client()
    city = GUIDE + "440000/440300/"
    get(client, city)
    before = generation()
    draft = step_change("440300", guide.steps.get(position=1), "note", "A Shenzhen note.",
                        status=Status.DRAFT)  # fmt: skip
    draft.text = "A Shenzhen note, reworded."
    draft.save()
    assert generation() == before
    response, _ = get(client, city)
    assert response["X-Cache"] == "hit"
    assert "A Shenzhen note" not in response.content.decode()

    step_change("440300", guide.steps.get(position=2), "note", "A live Shenzhen note.")
    assert generation() != before
    response, _ = get(client, city)
    assert response["X-Cache"] == "miss"
    assert "A live Shenzhen note." in response.content.decode()


def test_a_change_to_a_region_makes_kept_pages_old(guide):
    client = Client()
    city = GUIDE + "440000/440300/"
    get(client, city)
    assert get(client, city)[0]["X-Cache"] == "hit"
    shenzhen = Region.objects.get(code="440300")
    shenzhen.name_en = "Shenzhen City"
    shenzhen.save()
    response, _ = get(client, city)
    assert response["X-Cache"] == "miss"
    assert "Showing Shenzhen City, Guangdong" in response.content.decode()


def test_conditional_requests_get_304(guide):
    client = Client()
    response, _ = get(client, GUIDE)
    etag = response["ETag"]
    again, queries = get(client, GUIDE, if_none_match=etag)
    assert again.status_code == 304
    assert queries == 0


def test_signed_in_staff_are_never_served_or_stored_publicly(guide, editor_client):
    response = editor_client.get(GUIDE)
    assert "private" in response["Cache-Control"]
    assert "X-Cache" not in response
    anonymous, _ = get(Client(), GUIDE)
    assert anonymous["X-Cache"] == "miss"  # what staff saw was not stored


def test_responses_that_set_cookies_or_are_errors_are_not_cached(guide):
    client = Client()
    chooser = client.get("/guides/test-guide/region/", {"place": "Shenzhen"})
    assert chooser.status_code == 302
    assert "private" in chooser["Cache-Control"]
    missing, _ = get(client, "/guides/no-such-guide/")
    assert missing.status_code == 404 and "X-Cache" not in missing


def test_a_change_is_announced_again_when_its_transaction_commits(
    guide, django_capture_on_commit_callbacks
):
    """Another server may store a page of the old content between the save and the commit:
    the generation moves once more at the commit, so that page is never served."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        guide.title = "Renamed"
        guide.save()
        assert not callbacks  # the working copy: nothing to announce
        publish(guide=guide, user=None, change_note="Renamed.", major=False)
        during = generation()
    assert callbacks  # the change left a bump for the commit
    assert generation() > during


DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def test_the_site_works_when_the_cache_is_down(guide, settings):
    settings.CACHES = DEAD_REDIS
    client = Client()
    for _ in range(2):
        response, queries = get(client, GUIDE)
        assert response.status_code == 200
        assert queries > 0  # served from the database, every time
    assert client.get("/readyz").status_code == 503


@pytest.mark.parametrize("session", [False, True])
def test_with_the_cache_down_a_page_tries_it_once_not_once_per_fragment(
    guide, settings, caplog, session
):
    """Each try waits for the connection to fail: a page must not wait once per part."""
    settings.CACHES = DEAD_REDIS
    client = Client()
    if session:
        client.cookies["sessionid"] = "not-a-session"
    assert client.get(GUIDE + "440000/440300/").status_code == 200
    tries = [r for r in caplog.records if r.getMessage() == "page cache unavailable"]
    assert len(tries) == 1


# --- Fragments: the content of a page, shared where the page cache cannot answer ---------


def main_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.mark.parametrize(
    "url", ["/", GUIDE, GUIDE + "440000/440300/", "/laws/social-insurance-law/article/60/"]
)
def test_pages_the_page_cache_cannot_answer_reuse_content_already_built(guide, url):
    citizen, cold = get(Client(), url)
    # Someone with a session, and an address with a query string no page reads: neither
    # page is cached whole, both are built around the content rendered for the citizen.
    with_session = Client()
    with_session.cookies["sessionid"] = "not-a-session"
    for client, address in [(with_session, url), (Client(), url + "?ref=newsletter")]:
        response, warm = get(client, address)
        assert response.status_code == 200 and "X-Cache" not in response
        assert main_of(response) == main_of(citizen)
        assert warm < cold and warm <= 3, (address, warm, cold)


def test_content_changed_or_for_another_region_is_never_taken_from_another_page(guide):
    client = Client()
    client.cookies["sessionid"] = "not-a-session"  # no page cache: only fragments
    national, _ = get(client, GUIDE)
    city, _ = get(client, GUIDE + "440000/440300/")
    province, _ = get(client, GUIDE + "440000/")
    assert "Showing Shenzhen, Guangdong" in city.content.decode()
    assert "Showing Guangdong" in province.content.decode()
    assert "Showing" not in main_of(national)
    guide.short_answer = "A new short answer."
    guide.save()
    publish(guide=guide, user=None, change_note="New short answer.", major=False)
    for url in [GUIDE, GUIDE + "440000/440300/", "/"]:
        assert "A new short answer." in get(client, url)[0].content.decode(), url


def test_content_follows_the_law_in_force_from_one_day_to_the_next(guide):
    paragraph = Paragraph.objects.get(
        article__statute__slug="social-insurance-law", article__number=60, number=2
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    current = paragraph.wordings.get(in_force_until=None)
    current.in_force_until = tomorrow
    current.save()
    new_text = "明日起施行的新文字"
    Wording.objects.create(paragraph=paragraph, text_zh=new_text + "。", in_force_from=tomorrow)
    client = Client()
    client.cookies["sessionid"] = "not-a-session"
    article = "/laws/social-insurance-law/article/60/"
    for url in [GUIDE, article]:
        assert new_text not in get(client, url)[0].content.decode()
    midnight = datetime.datetime.combine(tomorrow, datetime.time(0, 1))
    with time_machine.travel(timezone.make_aware(midnight)):
        for url in [GUIDE, article]:
            assert new_text in get(client, url)[0].content.decode(), url


def test_a_preview_of_the_working_copy_is_never_kept(guide, editor_client):
    preview = f"/admin/guides/guide/{guide.pk}/preview/"
    assert "Short." in editor_client.get(preview).content.decode()
    Guide.objects.filter(pk=guide.pk).update(short_answer="Changed without a signal.")
    assert "Changed without a signal." in editor_client.get(preview).content.decode()


def test_a_region_nobody_has_asked_for_yet_reads_only_what_is_its_own(guide):
    client = Client()
    get(client, GUIDE)  # the guide's content, quoting the law in force today, is kept
    with CaptureQueriesContext(connection) as captured:
        assert client.get(GUIDE + "440000/440300/").status_code == 200
    tables = {re.search(r'FROM "(\w+)"', query["sql"]).group(1) for query in captured}
    # The region, its local items (five kinds), its figures, the services that serve it, the
    # cities of its province, the guide's page history.
    assert tables.isdisjoint(
        {"guides_guide", "guides_step", "guides_material", "guides_citation", "laws_wording"}
    )
    assert len(captured) <= 10


def test_the_next_scheduled_publication_is_a_deadline_for_kept_pages(guide):
    """Nothing is written when a scheduled version goes live: the guides app must tell the
    cache when that is (portal.cache.register_deadline), or pages kept before would hide it."""
    assert kept_next_publication in deadlines, "not registered (guides.apps ready())"
    with time_machine.travel(_next(12), tick=False):  # far from midnight, the other one
        assert _seconds_to_deadline() == PAGE_TIMEOUT  # nothing scheduled
        guide.short_answer = "The scheduled short answer."
        guide.save()
        publish(guide=guide, user=None, change_note="Later.", major=False,
                at=timezone.now() + datetime.timedelta(seconds=90))  # fmt: skip
        assert 80 <= _seconds_to_deadline() <= 90


def _next(hour: int, minute: int = 0, second: int = 0) -> datetime.datetime:
    """The next time it is that time of day where the site is (Asia/Shanghai): later than
    the content the test made, so nothing it made is dated after it."""
    time = datetime.time(hour, minute, second)
    at = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), time))
    return at if at > timezone.now() else at + datetime.timedelta(days=1)


def test_no_page_kept_on_one_day_is_served_on_the_next(guide):
    """The law, figures and local rules in force are read for a day: a page kept a minute
    before midnight is built again just after it, whatever PAGE_TIMEOUT says."""
    client = Client()
    with time_machine.travel(_next(23, 59, 30), tick=False):
        assert 29 <= _seconds_to_deadline() <= 30
        get(client, GUIDE)
        assert get(client, GUIDE)[0]["X-Cache"] == "hit"
    with time_machine.travel(_next(23, 59, 30) + datetime.timedelta(seconds=31), tick=False):
        assert get(client, GUIDE)[0]["X-Cache"] == "miss"


@pytest.mark.parametrize("seconds", [90, 2 * 60 * 60])
def test_no_copy_of_a_page_outlives_the_next_scheduled_publication(guide, seconds):
    guide.short_answer = "The scheduled short answer."
    guide.save()
    at = timezone.now() + datetime.timedelta(seconds=seconds)
    publish(guide=guide, user=None, change_note="Later.", major=False, at=at)
    client = Client()
    for _ in range(2):  # stored, then served from this process's memory
        assert "The scheduled short answer." not in get(client, GUIDE)[0].content.decode()
    assert get(client, GUIDE)[0]["X-Cache"] == "hit"
    # 90 seconds is sooner than PAGE_TIMEOUT: only the deadline can make that page old.
    with time_machine.travel(at + datetime.timedelta(seconds=1)):
        response, _ = get(client, GUIDE)
    assert response["X-Cache"] == "miss"
    assert "The scheduled short answer." in response.content.decode()


def test_a_second_scheduled_publication_is_not_hidden_once_the_first_is_live(guide):
    """Two guides scheduled a minute apart: a page kept after the first goes live must not
    outlive the second."""
    other = make_guide(steps=1, slug="other-guide")
    first = timezone.now() + datetime.timedelta(seconds=100)
    second = first + datetime.timedelta(seconds=60)
    for scheduled, at in [(guide, first), (other, second)]:
        scheduled.short_answer = f"Scheduled for {scheduled.slug}."
        scheduled.save()
        publish(guide=scheduled, user=None, change_note="Later.", major=False, at=at)
    client = Client()
    url = "/guides/other-guide/"
    get(client, url)
    with time_machine.travel(first + datetime.timedelta(seconds=2)):
        assert "Scheduled for test-guide." in get(client, GUIDE)[0].content.decode()
        kept, _ = get(client, url)  # the page kept before the first publication is old
        assert kept["X-Cache"] == "miss"
        assert "Scheduled for other-guide." not in kept.content.decode()
    with time_machine.travel(second + datetime.timedelta(seconds=1)):
        response, _ = get(client, url)
    assert response["X-Cache"] == "miss"
    assert "Scheduled for other-guide." in response.content.decode()


def test_a_change_made_while_the_cache_was_down_is_announced_when_it_returns(guide, settings):
    client = Client()
    get(client, GUIDE)  # kept, in the shared cache and this process's memory
    healthy = settings.CACHES
    settings.CACHES = DEAD_REDIS
    guide.short_answer = "Changed while Redis was down."
    guide.save()
    publish(guide=guide, user=None, change_note="Changed while down.", major=False)
    settings.CACHES = healthy
    response, _ = get(client, GUIDE)
    assert "Changed while Redis was down." in response.content.decode()
