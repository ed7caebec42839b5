"""The guide page as citizens see it."""

import json
import re

import pytest

from guides.publishing import publish, withdraw
from tests.factories import make_guide
from tests.queries import cold_queries


def page_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_question_and_short_answer_come_first(client, seed_guide):
    html = page_of(client, seed_guide.get_absolute_url())
    main = html.split('id="main-content"', 1)[1]
    assert (
        main.index("<h1>Where can I pay the social security card?</h1>")
        < main.index("Under normal circumstances")
        < main.index("Step by step")
    )
    assert "Last reviewed 27 November 2026" in html
    assert "Last updated" in html


def test_article_60_paragraph_2_is_one_click_away_and_links_back(client, seed_guide):
    html = page_of(client, seed_guide.get_absolute_url())
    assert 'href="/laws/social-insurance-law/article/60/#p2"' in html
    article = page_of(client, "/laws/social-insurance-law/article/60/")
    assert f'href="{seed_guide.get_absolute_url()}#step-3"' in article
    assert "Step 3: Choose the payment method" in article


def test_cited_wording_is_available_in_place(client, seed_guide):
    html = page_of(client, seed_guide.get_absolute_url())
    step_3 = html.split('id="step-3"', 1)[1].split('id="step-4"', 1)[0]
    assert "<details" in step_3
    assert "可以直接向社会保险费征收机构缴纳社会保险费" in step_3
    assert "Individual industrial and commercial households" in step_3


def test_each_payment_method_appears_once_with_where_and_what_you_need(client, seed_guide):
    html = page_of(client, seed_guide.get_absolute_url())
    methods = html.split('<ul class="c-methods">', 1)[1].split("</ul>", 1)[0]
    assert methods.count('<li class="c-methods__item') == 4
    assert methods.count("<dt>Where</dt>") == 4
    assert methods.count("<dt>What you need</dt>") == 4
    # Once: no second list or table saying the same again.
    assert html.count("Self-service payment machine") == methods.count(
        "Self-service payment machine"
    )
    assert "<table" not in html.split('id="step-3"', 1)[1].split('id="step-4"', 1)[0]


def test_meta_description_open_graph_and_howto(client, seed_guide):
    html = page_of(client, seed_guide.get_absolute_url())
    assert '<meta name="description" content="Under normal circumstances' in html
    assert '<meta property="og:title" content="Where can I pay the social security card?">' in html
    data = json.loads(html.split('<script type="application/ld+json">', 1)[1].split("</script>")[0])
    assert data["@type"] == "HowTo"
    assert len(data["step"]) == 5
    assert data["step"][2]["url"].endswith("/guides/where-to-pay-social-security/#step-3")
    assert len(data["supply"]) == 4


def test_howto_data_cannot_break_out_of_its_script(client, social_insurance_law):
    guide = make_guide(steps=1)
    guide.title = "</script><script>alert(1)</script>"
    guide.save()
    publish(guide=guide, user=None, change_note="Hostile title.", major=False)
    html = page_of(client, guide.get_absolute_url())
    ld = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in ld
    assert json.loads(ld)["name"] == "</script><script>alert(1)</script>"


def test_checklist_page_lists_the_materials(client, seed_guide):
    html = page_of(client, seed_guide.get_absolute_url() + "checklist/")
    # Three things to tick; "other materials that may be needed" is a note, not a box.
    assert html.count('class="c-checklist__item"') == 3
    assert "c-checklist-page__note" in html


def test_home_lists_the_guides_with_their_short_answers(client, seed_guide):
    html = page_of(client, "/")
    assert f'href="{seed_guide.get_absolute_url()}"' in html
    assert seed_guide.short_answer in html


def test_unpublished_and_unknown_guides_are_404(client, seed_guide):
    assert client.get(seed_guide.get_absolute_url()).status_code == 200
    withdraw(guide=seed_guide)
    assert client.get(seed_guide.get_absolute_url()).status_code == 404
    assert client.get(seed_guide.get_absolute_url() + "checklist/").status_code == 404
    never = make_guide(steps=1, slug="never-published", state="unpublished")
    assert client.get(never.get_absolute_url()).status_code == 404
    assert client.get(never.get_absolute_url() + "checklist/").status_code == 404
    assert client.get("/guides/no-such-guide/").status_code == 404
    assert client.get("/guides/no-such-guide/checklist/").status_code == 404
    assert seed_guide.title not in page_of(client, "/")


def test_query_count_is_the_same_for_5_and_50_steps(client, social_insurance_law):
    small = make_guide(steps=5, slug="small")
    large = make_guide(steps=50, slug="large")
    assert cold_queries(client, small.get_absolute_url()) == cold_queries(
        client, large.get_absolute_url()
    )
    # The current version (the whole guide, as data), the cited articles and paragraphs,
    # the cited wordings, whether any changed since the steps were checked, the page
    # history, the region chooser's provinces, and (storing
    # the page in the cache) the time of the next scheduled version.
    assert cold_queries(client, large.get_absolute_url()) <= 8


def test_the_law_behind_a_step_is_the_published_versions(client, social_insurance_law):
    guide = make_guide(steps=1)
    guide.steps.get().citations.all().delete()  # in the working copy, not yet published
    step_1 = page_of(client, guide.get_absolute_url()).split('id="step-1"', 1)[1]
    assert "The law behind this step" in step_1
    assert 'href="/laws/social-insurance-law/article/60/#p2"' in step_1


def test_sitemap_and_robots(client, seed_guide):
    sitemap = page_of(client, "/sitemap.xml")
    assert "/guides/where-to-pay-social-security/</loc>" in sitemap
    assert "/laws/social-insurance-law/</loc>" in sitemap
    locations = re.findall(r"<loc>http://testserver(/[^<]*)</loc>", sitemap)
    for prefix in ("/", "/zh-hans/"):
        article = f"{prefix}laws/social-insurance-law/article/"
        assert len([url for url in locations if url.startswith(article)]) == 98, prefix
    guide = "http://testserver/guides/where-to-pay-social-security/"
    assert f'hreflang="x-default" href="{guide}"' in sitemap
    robots = page_of(client, "/robots.txt")
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    assert "Disallow: /admin/" in robots


@pytest.mark.parametrize("path", ["", "checklist/"])
def test_guide_pages_are_valid_html(client, seed_guide, html_validator, path):
    url = seed_guide.get_absolute_url() + path
    documents = {
        path or "guide": client.get(url).content,
        f"zh-hans {path or 'guide'}": client.get("/zh-hans" + url).content,
    }
    assert html_validator(documents) == []


def test_home_shows_ten_guides_and_the_list_has_them_all_by_pages(client, social_insurance_law):
    for number in range(25):
        make_guide(steps=1, slug=f"guide-{number:02}")
    home = page_of(client, "/")
    assert home.count('class="c-card"') == 10
    assert '<a href="/guides/">All 25 guides</a>' in home
    first = page_of(client, "/guides/")
    assert first.count('class="c-card"') == 20 and 'rel="next" href="?page=2"' in first
    assert page_of(client, "/guides/?page=2").count('class="c-card"') == 5
    for odd in ("abc", "999", "-1"):
        assert client.get("/guides/", {"page": odd}).status_code == 200
