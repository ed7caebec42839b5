"""Change feeds, read as a feed reader reads them (feedparser): each is Atom 1.0 with ids,
links and updated dates; a change shows in the feeds it belongs to and in no other; the
"Recent changes" page and the pages' <link rel="alternate">; the guide as it stood on a day."""

import datetime

import feedparser
import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from guides import publishing
from guides.models import Guide, Step
from local.models import Status
from tests.factories import hotline, make_guide, provenance, step_change

SHENZHEN, GUANGDONG, BEIJING = "440300", "440000", "110000"
GUIDE = "/guides/test-guide/"
FEEDS = {
    "guide": GUIDE + "feed/",
    "shenzhen guide": GUIDE + "440000/440300/feed/",
    "beijing guide": GUIDE + "110000/feed/",
    "other guide": "/guides/other-guide/feed/",
    "shenzhen": "/regions/440000/440300/feed/",
    "guangdong": "/regions/440000/feed/",
    "beijing": "/regions/110000/feed/",
    "law": "/laws/social-insurance-law/feed/",
    "site": "/feed/",
}


def read(url: str, client: Client | None = None):
    response = (client or Client()).get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, (url, feed.get("bozo_exception"))
    assert feed.version == "atom10"
    return feed


def titles(url: str) -> list[str]:
    return [entry.title for entry in read(url).entries]


def where(title: str) -> set[str]:
    """The feeds an entry of this title is in."""
    return {name for name, url in FEEDS.items() if title in titles(url)}


@pytest.fixture
def guides(social_insurance_law, regions):
    make_guide(steps=2, slug="other-guide")
    return make_guide(steps=2)


def test_every_feed_is_atom_with_ids_links_and_dates(guides):
    step_change(SHENZHEN, guides.steps.first(), "note", "Shenzhen note.")
    for name, url in FEEDS.items():
        feed = read(url)
        assert feed.feed.id.startswith("urn:uuid:"), name
        assert feed.feed.updated_parsed, name
        assert any(link.rel == "self" and link.href == "http://testserver" + url
                   for link in feed.feed.links), name  # fmt: skip
        ids = [entry.id for entry in feed.entries]
        assert len(ids) == len(set(ids)), name
        for entry in feed.entries:
            assert entry.id.startswith("urn:uuid:") and entry.updated_parsed, (name, entry)
            assert entry.link.startswith("http://testserver/"), (name, entry.link)
    # The same entry keeps its id in every feed it is in.
    note = "Step 1, Step 1: what is different in Shenzhen"
    ids = {entry.id for url in [FEEDS["shenzhen"], FEEDS["site"]] for entry in read(url).entries
           if entry.title.endswith(note)}  # fmt: skip
    assert len(ids) == 1


def test_a_guide_change_is_in_its_guides_feeds_and_no_others(guides):
    guides.steps.filter(position=1).update(title="Step 1, renamed")
    publishing.publish(guide=Guide.objects.get(pk=guides.pk), user=None, major=True,
                       change_note="Step 1 renamed, as the agency now calls it.")  # fmt: skip
    entry = next(e for e in read(FEEDS["guide"]).entries if "renamed" in e.summary)
    assert entry.title == "A guide of 2 steps: updated"
    assert entry.link == "http://testserver" + GUIDE + timezone.localdate().isoformat() + "/"
    found = {name for name, url in FEEDS.items()
             if any("Step 1 renamed" in e.summary for e in read(url).entries)}  # fmt: skip
    assert found == {"guide", "shenzhen guide", "beijing guide", "site"}


def test_a_minor_change_or_one_still_to_come_is_in_no_feed(guides):
    guides.steps.filter(position=1).update(title="Step 1, fixed")
    publishing.publish(guide=Guide.objects.get(pk=guides.pk), user=None, major=False,
                       change_note="A typo.")  # fmt: skip
    guides.steps.filter(position=2).update(title="Step 2, later")
    later = timezone.now() + datetime.timedelta(hours=2)
    publishing.publish(guide=Guide.objects.get(pk=guides.pk), user=None, major=True,
                       change_note="Step 2 changes at noon.", at=later)  # fmt: skip
    summaries = [entry.summary for entry in read(FEEDS["site"]).entries]
    assert "A typo." not in summaries and "Step 2 changes at noon." not in summaries
    with time_machine.travel(later + datetime.timedelta(minutes=1)):
        assert "Step 2 changes at noon." in [e.summary for e in read(FEEDS["guide"]).entries]


def test_a_local_rule_is_in_its_regions_feeds_and_no_others(guides):
    step_change(SHENZHEN, guides.steps.first(), "note", "Pay by the 15th in Shenzhen.")
    title = "Step 1, Step 1: what is different in Shenzhen"
    assert where(title) == {"shenzhen guide", "shenzhen", "site"}
    hotline(GUANGDONG, "020-12333")  # a province's hotline serves its cities
    assert where("Guangdong: Hotline: 020-12333") == {"shenzhen", "guangdong", "site"}
    # A draft is news only once it is published.
    step_change(BEIJING, guides.steps.first(), "note", "Draft.", status=Status.DRAFT)
    assert "Step 1, Step 1: what is different in Beijing" not in titles(FEEDS["site"])


def test_a_change_shows_in_a_feed_already_kept(guides):
    client = Client()
    before = read(FEEDS["shenzhen"], client)
    assert before.entries == []
    assert read(FEEDS["shenzhen"], client).entries == []  # kept, and still right
    step_change(SHENZHEN, guides.steps.first(), "note", "New.", **provenance())
    assert len(read(FEEDS["shenzhen"], client).entries) == 1


def test_the_law_feed_lists_the_amendment_with_its_compared_paragraphs(guides):
    entry = read(FEEDS["law"]).entries[0]
    assert entry.title == (
        "Social Insurance Law of the People's Republic of China: amended on 29 December 2018"
    )
    assert entry.updated == "2018-12-29T00:00:00+08:00"
    assert (
        '<a href="http://testserver/laws/social-insurance-law/article/64/#changes">'
        "Article 64, paragraph 1</a>"
    ) in entry.summary
    chinese = read("/zh-hans" + FEEDS["law"])
    assert chinese.feed.language == "zh-hans"
    assert "2018年12月29日" in chinese.entries[0].title


def test_pages_name_their_feeds_and_the_changes_page_lists_them(client, guides):
    pages = {
        GUIDE: FEEDS["guide"],
        GUIDE + "440000/440300/": FEEDS["shenzhen guide"],
        "/regions/440000/440300/": FEEDS["shenzhen"],
        "/laws/social-insurance-law/": FEEDS["law"],
        "/": FEEDS["site"],
    }
    for page, feed in pages.items():
        html = client.get(page).content.decode()
        assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in html, page
    assert f'<a href="{FEEDS["guide"]}">Follow the changes' in client.get(GUIDE).content.decode()
    changes = client.get("/changes/").content.decode()
    assert "<h1>Recent changes</h1>" in changes
    assert "A guide of 2 steps: updated" in changes and "amended on 29 December 2018" in changes
    assert '<a href="/changes/">Recent changes</a>' in client.get("/").content.decode()  # footer
    for page in ["abc", "0", "99999", "٣", "9" * 400]:
        assert client.get("/changes/", {"page": page}).status_code == 200
    assert client.get("/changes/", {"page": "1\x00"}).status_code == 400  # as everywhere


def test_the_guide_as_it_stood_on_a_day(client, social_insurance_law, regions):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC)):
        guide = make_guide(steps=1)
    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC)):
        Step.objects.filter(guide=guide).update(title="The new first step")
        publishing.publish(guide=Guide.objects.get(pk=guide.pk), user=None, major=True,
                           change_note="Step 1 rewritten.")  # fmt: skip
    assert client.get(GUIDE + "2026-02-28/").status_code == 404  # before the first publication
    old = client.get(GUIDE + "2026-05-31/").content.decode()
    assert "This guide as it stood on 31 May 2026" in old and "The new first step" not in old
    assert "Step 1</span>" in old or ">Step 1<" in old
    assert f'<a href="{GUIDE}">Read the guide as it is today</a>' in old
    assert '<meta name="robots" content="noindex">' in old
    new = client.get(GUIDE + "2026-06-01/").content.decode()
    assert "The new first step" in new and "published on 1 June 2026" in new
    today = client.get(GUIDE)
    assert "The new first step" in today.content.decode()
    assert "This guide as it stood" not in today.content.decode()
    # The page history links each version to its day; a day to come is today's guide.
    assert f'<a href="{GUIDE}2026-06-01/"><time datetime="2026-06-01">' in today.content.decode()
    assert client.get(GUIDE + "2099-01-01/").url == GUIDE
    assert client.get(GUIDE + "2026-02-30/").status_code == 404
    assert client.get("/guides/no-such-guide/2026-05-31/").status_code == 404
