"""The public law pages as a reader sees them."""

import datetime
import json
import re

import pytest
from django.utils.html import escape

from guides.models import Citation
from guides.publishing import publish, withdraw
from laws.models import Article, Chapter, Paragraph, Statute, Wording
from tests.conftest import LAW_PACKAGE
from tests.factories import make_guide
from tests.queries import cold_queries

ARTICLE_64 = "/laws/social-insurance-law/article/64/"
AMENDMENT = json.loads((LAW_PACKAGE / "amendment-2018-12-29.json").read_text())
ART_64_CHANGE = next(c for c in AMENDMENT["changed_paragraphs"] if c["article"] == 64)


def text_of(response) -> str:
    return response.content.decode()


def test_laws_index_lists_the_statute(client, social_insurance_law):
    html = text_of(client.get("/laws/"))
    assert 'href="/laws/social-insurance-law/"' in html
    assert '<p lang="zh-Hans">中华人民共和国社会保险法</p>' in html


def test_statute_page_has_history_and_a_table_of_contents(client, social_insurance_law):
    html = text_of(client.get("/laws/social-insurance-law/"))
    assert len(re.findall(r'id="chapter-\d+"', html)) == 12
    links = set(re.findall(r'href="/laws/social-insurance-law/article/(\d+)/"', html))
    assert links == {str(n) for n in range(1, 99)}
    assert "12 chapters, 98 articles." in html
    assert "28 October 2010" in html  # adopted
    assert "From 1 July 2011" in html  # in force
    assert "Article 64, paragraph 1" in html  # the 2018 amendment's changes
    assert "flk.npc.gov.cn" in html


def test_article_paragraphs_are_addressable_and_marked_chinese(client, social_insurance_law):
    html = text_of(client.get("/laws/social-insurance-law/article/63/"))
    for number in (1, 2, 3):
        assert f'id="p{number}"' in html
        assert f'href="#p{number}" aria-label="Paragraph {number}">{number}</a>' in html
    assert '<div class="c-law-para__text" lang="zh-Hans">' in html
    assert "第八章 社会保险基金" not in html
    assert "第七章 社会保险费征缴" in html  # its chapter


def test_articles_60_and_63_show_the_english_under_each_chinese_paragraph(
    client, social_insurance_law
):
    for number in (60, 63):
        html = text_of(client.get(f"/laws/social-insurance-law/article/{number}/"))
        wordings = Wording.objects.filter(
            paragraph__article__statute__slug="social-insurance-law",
            paragraph__article__number=number,
        ).order_by("paragraph__number")
        positions = []
        for wording in wordings:
            positions += [html.index(wording.text_zh), html.index(escape(wording.text_en))]
        assert positions == sorted(positions)
        assert html.count("Unofficial translation</strong>") == len(wordings)


def test_article_64_shows_what_changed_and_when(client, social_insurance_law):
    html = text_of(client.get(ARTICLE_64))
    assert "Paragraph 1 changed on 29 December 2018" in html
    assert ART_64_CHANGE["before"] in html
    assert ART_64_CHANGE["after"] in html
    assert "<del>" in html and "<ins>" in html
    # The old wording's period names its last day: 28 December read it, 29 December did not.
    assert "In force from 1 July 2011 until 28 December 2018" in html
    assert "In force from 29 December 2018" in html


def test_article_64_as_in_force_in_2015_and_today(client, social_insurance_law):
    old = text_of(client.get(ARTICLE_64 + "2015-06-01/"))
    paragraph = old.split('id="p1"', 1)[1].split('id="p2"', 1)[0]
    assert ART_64_CHANGE["before"] in paragraph
    assert ART_64_CHANGE["after"] not in paragraph
    assert "as in force on <strong>1 June 2015</strong>" in old
    current = text_of(client.get(ARTICLE_64))
    paragraph = current.split('id="p1"', 1)[1].split('id="p2"', 1)[0]
    assert ART_64_CHANGE["after"] in paragraph


def test_a_date_before_the_law_was_in_force_says_so(client, social_insurance_law):
    for url in ("/laws/social-insurance-law/2010-06-01/", ARTICLE_64 + "2010-06-01/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "This law was not yet in force on 1 June 2010." in text_of(response)
    assert 'id="p1"' not in text_of(client.get(ARTICLE_64 + "2010-06-01/"))


@pytest.mark.parametrize(
    "url",
    [
        "/laws/no-such-law/",
        "/laws/social-insurance-law/article/0/",
        "/laws/social-insurance-law/article/99/",
        "/laws/social-insurance-law/article/abc/",
        "/laws/social-insurance-law/2019-02-30/",
        "/laws/social-insurance-law/2019-13-01/",
        "/laws/social-insurance-law/article/64/2019-02-29/",
        "/laws/social-insurance-law/article/64/0000-01-01/",
    ],
)
def test_unknown_things_and_impossible_dates_are_404(client, social_insurance_law, url):
    assert client.get(url).status_code == 404


def test_the_date_form_goes_to_the_dated_address(client, social_insurance_law):
    response = client.get(ARTICLE_64, {"on": "2015-06-01"})
    assert response.status_code == 302
    assert response["Location"] == ARTICLE_64 + "2015-06-01/"
    response = client.get("/laws/social-insurance-law/", {"on": "2015-06-01"})
    assert response["Location"] == "/laws/social-insurance-law/2015-06-01/"


@pytest.mark.parametrize("value", ["", "yesterday", "2019-02-30", "1900-01-01", "<b>x</b>"])
def test_a_bad_date_gets_a_clear_message(client, social_insurance_law, value):
    response = client.get(ARTICLE_64, {"on": value})
    assert response.status_code == 400
    html = text_of(response)
    assert "There is a problem" in html
    assert "<b>x</b>" not in html


def test_previous_and_next_articles(client, social_insurance_law):
    html = text_of(client.get(ARTICLE_64))
    assert 'href="/laws/social-insurance-law/article/63/" rel="prev"' in html
    assert 'href="/laws/social-insurance-law/article/65/" rel="next"' in html
    first = text_of(client.get("/laws/social-insurance-law/article/1/"))
    assert 'rel="prev"' not in first
    dated = text_of(client.get(ARTICLE_64 + "2015-06-01/"))
    assert 'href="/laws/social-insurance-law/article/65/2015-06-01/" rel="next"' in dated


def make_small_statute() -> Statute:
    statute = Statute.objects.create(
        slug="small-law",
        title_zh="小法",
        title_en="Small Law",
        adopted=datetime.date(2010, 1, 1),
        in_force_from=datetime.date(2010, 1, 1),
        source="test",
    )
    chapter = Chapter.objects.create(statute=statute, number=1, label_zh="第一章", title_zh="总则")
    for number in (1, 2):
        article = Article.objects.create(
            statute=statute, chapter=chapter, number=number, label_zh=f"第{number}条"
        )
        paragraph = Paragraph.objects.create(article=article, number=1)
        Wording.objects.create(
            paragraph=paragraph, text_zh="文字。", in_force_from=statute.in_force_from
        )
    return statute


def test_query_counts_do_not_grow_with_the_statute(client, social_insurance_law):
    make_small_statute()
    pairs = [
        ("/laws/small-law/", "/laws/social-insurance-law/"),
        ("/laws/small-law/article/1/", ARTICLE_64),
        ("/laws/small-law/2015-01-01/", "/laws/social-insurance-law/2015-01-01/"),
    ]
    for small, large in pairs:
        small_count = cold_queries(client, small)
        assert small_count == cold_queries(client, large)
        # An article's page also reads what its references can lead to, and what refers
        # to it: one query each, whatever the statute's length.
        assert small_count <= (9 if "/article/" in small else 7), small


def test_law_pages_are_valid_html(client, social_insurance_law, html_validator):
    urls = [
        "/laws/",
        "/laws/social-insurance-law/",
        "/laws/social-insurance-law/2010-06-01/",
        ARTICLE_64,
        ARTICLE_64 + "2015-06-01/",
        "/laws/social-insurance-law/article/60/",
        "/laws/social-insurance-law/article/30/",
        "/laws/social-insurance-law/whole/",
        "/laws/social-insurance-law/chapter/7/2015-06-01/",
        "/zh-hans/laws/social-insurance-law/chapter/1/",
    ]
    documents = {url: client.get(url).content for url in urls}
    documents["bad date"] = client.get(ARTICLE_64, {"on": "nope"}).content
    assert html_validator(documents) == []


def test_an_article_lists_each_published_step_citing_it_once(client, social_insurance_law):
    guide = make_guide(steps=2)  # each step cites paragraph 2 and the whole article
    article = Article.objects.get(statute__slug="social-insurance-law", number=60)
    first_paragraph = article.paragraphs.get(number=1)
    Citation.objects.create(
        step=guide.steps.get(position=1), article=article, paragraph=first_paragraph
    )
    publish(guide=guide, user=None, change_note="Paragraph 1 cited too.", major=False)
    hidden = make_guide(steps=1, slug="withdrawn")
    withdraw(guide=hidden)
    make_guide(steps=1, slug="never-published", state="unpublished")
    html = text_of(client.get("/laws/social-insurance-law/article/60/"))
    section = html.split('id="cited-by"', 1)[1].split('id="changes"', 1)[0]
    cited_by = " ".join(re.sub(r"<[^>]+>", "", section).split())
    assert cited_by.count("Step 1: Step 1 in A guide of 2 steps") == 1
    assert (
        "Step 1: Step 1 in A guide of 2 steps (cites the article, paragraph 1 and paragraph 2)"
        in cited_by
    )
    assert "Step 2: Step 2 in A guide of 2 steps (cites the article and paragraph 2)" in cited_by
    assert "Legal basis of A guide of 2 steps" in cited_by
    assert "A guide of 1 steps" not in cited_by  # neither withdrawn nor never published
