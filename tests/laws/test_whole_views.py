"""A chapter, or the whole statute, on one page: as in force on a date, with a jump list by
chapter, links to each article's own page, and a cost that does not grow with its length."""

import datetime
import html
import re

from laws.models import Article, Chapter, Statute, Wording
from laws.services import import_statute_package
from tests.conftest import ROOT
from tests.queries import cold_queries

LAW = "/laws/social-insurance-law/"


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def test_chapter_7_is_one_page_with_every_article_and_paragraph(client, social_insurance_law):
    chapter = Chapter.objects.get(statute=social_insurance_law, number=7)
    shown = page(client, f"{LAW}chapter/7/")
    assert f'<span lang="zh-Hans">{chapter.label_zh} {chapter.title_zh}</span></h1>' in shown
    numbers = list(chapter.articles.order_by("number").values_list("number", flat=True))
    assert len(numbers) > 1
    linked = [int(n) for n in re.findall(rf'<h3[^>]*><a href="{LAW}article/(\d+)/">', shown)]
    assert linked == numbers
    today = datetime.date.today()
    for wording in Wording.objects.in_force(on=today).filter(paragraph__article__chapter=chapter):
        for line in wording.items_zh:
            assert f"<p>{line}</p>" in shown
    # Only this chapter's articles, with the chapters around it one link away.
    assert f'href="{LAW}article/{numbers[-1] + 1}/"' not in shown
    assert f'rel="prev" href="{LAW}chapter/6/"' in shown
    assert f'rel="next" href="{LAW}chapter/8/"' in shown
    assert f'href="{LAW}whole/"' in shown


def test_a_chapter_as_in_force_on_a_date_has_that_days_wording(client, social_insurance_law):
    article_64 = Article.objects.get(statute=social_insurance_law, number=64)
    number = article_64.chapter.number
    before = page(client, f"{LAW}chapter/{number}/2015-01-01/")
    old, new = (
        Wording.objects.get(paragraph__article=article_64, paragraph__number=1, **period)
        for period in ({"in_force_until__isnull": False}, {"in_force_until__isnull": True})
    )
    assert old.text_zh in before and new.text_zh not in before
    assert "You are reading the text as in force on <strong>1 January 2015</strong>." in before
    assert f'href="{LAW}article/64/2015-01-01/"' in before
    assert new.text_zh in page(client, f"{LAW}chapter/{number}/")


def test_the_whole_law_is_one_page_with_a_jump_list(client, social_insurance_law):
    whole = page(client, f"{LAW}whole/")
    assert len(re.findall(r'<h3 id="article-\d+-heading">', whole)) == 98
    jump = whole.split('<nav class="c-jump"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'href="#chapter-(\d+)"', jump) == [str(n) for n in range(1, 13)]
    assert len(re.findall(r'<section class="c-law-chapter" id="chapter-\d+"', whole)) == 12
    contents = page(client, LAW)
    assert f'href="{LAW}whole/"' in contents
    assert f'href="{LAW}chapter/7/"' in contents
    article = page(client, f"{LAW}article/64/")
    chapter = Article.objects.get(statute__slug="social-insurance-law", number=64).chapter
    assert f'href="{LAW}chapter/{chapter.number}/"' in article


def test_the_whole_text_costs_the_same_queries_however_long(client, social_insurance_law):
    law = cold_queries(client, f"{LAW}whole/")
    chapter = cold_queries(client, f"{LAW}chapter/1/")
    import_statute_package(ROOT / "fixtures" / "laws" / "insurance-handling-regulations")
    other = cold_queries(client, "/laws/insurance-handling-regulations/whole/")
    assert law == other <= 7  # with what the text's references can lead to
    assert chapter <= law


def test_chapters_that_do_not_exist_are_not_found(client, social_insurance_law):
    for url in ["chapter/13/", "chapter/0/", "chapter/99999999999/", "chapter/7/1999-02-30/"]:
        assert client.get(LAW + url).status_code == 404, url
    assert client.get("/laws/no-such-law/whole/").status_code == 404
    assert client.get(f"{LAW}whole/?on=not-a-date").status_code == 400


def test_before_the_only_wording_held_the_whole_page_shows_no_text(client, social_insurance_law):
    import_statute_package(ROOT / "fixtures" / "laws" / "premium-collection-interim-regulations")
    statute = Statute.objects.get(slug="premium-collection-interim-regulations")
    url = f"/laws/{statute.slug}/whole/"
    before = page(client, f"{url}2019-03-23/")
    assert "The wording before 24 March 2019 is not held here." in before
    assert '<div class="c-law-para"' not in before
    assert '<div class="c-law-para"' in page(client, f"{url}2019-03-24/")


def test_the_chinese_pages_read_in_chinese(client, social_insurance_law):
    chapter = page(client, f"/zh-hans{LAW}chapter/7/")
    assert "下一章：第8章" in chapter
    assert '<html lang="zh-Hans">' in chapter
    assert "各章" in page(client, f"/zh-hans{LAW}whole/")


def test_todays_dated_page_and_the_undated_one_keep_their_own_links(
    client, settings, social_insurance_law
):
    # Each is kept apart although both show today's text: the dated one says so and its
    # links keep the date, the undated one's do not.
    from django.utils import timezone

    settings.CACHE_FRAGMENTS = True
    today = timezone.localdate().isoformat()
    for url in (f"{LAW}whole/{today}/", f"{LAW}article/41/{today}/", f"{LAW}{today}/"):
        dated = page(client, url)
        undated = page(client, url.replace(f"{today}/", ""))
        assert "You are reading the text as in force on" in dated, url
        assert "You are reading the text as in force on" not in undated, url
        assert f"/{today}/" not in undated.split("<main", 1)[1].split("</main>", 1)[0], url
