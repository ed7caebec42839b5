"""The guides written for each scheme (flexible workers, residents, employees) pass the seed
guide's checks: both languages, valid HTML, figures filled in, and every citation a working
link to its paragraph that the article's page links back from."""

import json
import re

import pytest

from guides.placeholders import named, parse
from search.indexing import rebuild
from tests.conftest import ROOT
from tests.factories import load_shipped_content

GUIDES = sorted(
    p for p in (ROOT / "fixtures" / "guides").glob("*.json") if p.stem != "where-to-pay"
)
SLUGS = [json.loads(p.read_text(encoding="utf-8"))["slug"] for p in GUIDES]


@pytest.fixture
def seeded(social_insurance_law, regions):
    load_shipped_content()
    rebuild()


def test_a_guide_is_shipped_for_each_scheme():
    assert set(SLUGS) == {"flexible-workers", "urban-rural-residents", "employees"}


@pytest.mark.parametrize("path", GUIDES, ids=[p.stem for p in GUIDES])
def test_every_placeholder_names_a_figure_and_both_languages_use_the_same(path):
    english = json.loads(path.read_text(encoding="utf-8"))
    chinese = json.loads(
        (ROOT / "fixtures" / "translations" / f"{path.stem}.zh-hans.json").read_text("utf-8")
    )
    assert len(english["steps"]) == len(chinese["steps"])
    for ours, theirs in zip(english["steps"], chinese["steps"], strict=True):
        assert all(parse(name) for name in named(ours["body"])), ours["title"]
        assert named(ours["body"]) == named(theirs["body"]), ours["title"]


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
def test_each_guide_reads_in_both_languages_with_its_figures(client, seeded, slug, prefix):
    for region in ("", "310000/"):
        html = client.get(f"{prefix}/guides/{slug}/{region}").content.decode()
        assert "{{ figure" not in html
        assert "Parts of this guide have not been translated yet" not in html
        assert "本指南有部分内容尚未翻译" not in html


@pytest.mark.parametrize("slug", SLUGS)
def test_each_citation_is_a_link_to_its_paragraph_and_the_article_links_back(client, seeded, slug):
    html = client.get(f"/guides/{slug}/").content.decode()
    title = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()
    cited = set(re.findall(r'href="(/laws/[a-z-]+/article/\d+/)(?:#p(\d+))?"', html))
    assert len(cited) >= 4
    for article, paragraph in cited:
        page = client.get(article)
        assert page.status_code == 200, article
        text = page.content.decode()
        if paragraph:
            assert f'id="p{paragraph}"' in text, (article, paragraph)
        back = text.split('id="cited-by"', 1)[1]
        assert title in back, (article, "does not list", title)


def test_the_guides_cite_the_articles_the_schemes_rest_on(client, seeded):
    cited = set()
    for slug in SLUGS:
        html = client.get(f"/guides/{slug}/").content.decode()
        cited |= {
            int(n) for n in re.findall(r'href="/laws/social-insurance-law/article/(\d+)/', html)
        }
    assert {10, 12, 16, 23, 25, 58, 60, 86} <= cited


def test_the_scheme_guides_are_valid_html(client, seeded, html_validator):
    pages = {}
    for slug in SLUGS:
        for url in (f"/guides/{slug}/", f"/guides/{slug}/310000/", f"/zh-hans/guides/{slug}/",
                    f"/guides/{slug}/checklist/"):  # fmt: skip
            pages[url] = client.get(url).content
    assert html_validator(pages) == []
