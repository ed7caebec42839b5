"""Small things a reader meets, in both languages: each legal-basis heading says which
article it is, the law's page says where its text comes from in words (the commit is for
re-users, at the end), and the error pages are in the language of the address asked for."""

import html
import re

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.db import OperationalError
from django.test import Client
from django.urls import path
from django.utils import translation
from django.utils.timezone import now

from guides.models import Citation
from guides.publishing import record_version
from laws.models import Article, Paragraph
from portal import urls as portal_urls
from portal import views
from tests.factories import make_guide
from tests.portal.test_page_languages import out_of_language

SEED = "/guides/where-to-pay-social-security/"
COMMIT = re.compile(r"\b[0-9a-f]{40}\b")


def page(url: str, status: int = 200, client: Client | None = None) -> str:
    response = (client or Client()).get(url)
    assert response.status_code == status, url
    return html.unescape(response.content.decode())


def headings(page_html: str, level: str) -> list[str]:
    """The text of each heading of `level`, tags removed."""
    found = re.findall(rf"<{level}\b[^>]*>(.*?)</{level}>", page_html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", text).split()) for text in found]


def legal_basis(page_html: str) -> str:
    return page_html.split('id="legal-basis"', 1)[1].split('id="history-heading"', 1)[0]


# --- Legal basis: a heading per article, not the statute's name again and again ----------


def test_each_legal_basis_heading_names_its_article_of_the_law(seed_guide):
    english = legal_basis(page(SEED))
    law = "Social Insurance Law of the People's Republic of China"
    assert headings(english, "h3") == [f"Article 60 of the {law}", f"Article 63 of the {law}"]
    # The seed's own words stay on the page, as text under each heading.
    assert english.count("<p>People's Republic of China (PRC) social insurance law</p>") == 2
    assert "Article 60</a> provides that:" in english
    assert out_of_language(english, "en") == []


def test_each_legal_basis_heading_reads_as_a_chinese_citation(seed_guide):
    chinese = legal_basis(page("/zh-hans" + SEED))
    assert headings(chinese, "h3") == [
        "《中华人民共和国社会保险法》第60条",
        "《中华人民共和国社会保险法》第63条",
    ]
    assert '<span lang="zh-Hans">中华人民共和国社会保险法</span>' in chinese
    assert "第60条</a>规定：" in chinese
    assert out_of_language(chinese, "zh-Hans") == []


def test_a_legal_basis_citing_one_paragraph_says_which_and_keeps_its_note(social_insurance_law):
    guide = make_guide(steps=1, slug="paragraph-basis", state="unpublished")
    article = Article.objects.get(statute__slug="social-insurance-law", number=60)
    Citation.objects.create(
        guide=guide,
        article=article,
        paragraph=Paragraph.objects.get(article=article, number=2),
        position=2,
        note="Who may pay directly",
    )
    record_version(guide=guide, user=None, note="First published.", major=True, at=now())
    url = guide.get_absolute_url()
    english = legal_basis(page(url))
    assert headings(english, "h3") == [
        "Article 60 of the Social Insurance Law of the People's Republic of China",
        "Article 60, paragraph 2 of the Social Insurance Law of the People's Republic of China",
    ]
    assert "<p>Who may pay directly</p>" in english
    chinese = legal_basis(page("/zh-hans" + url))
    assert headings(chinese, "h3") == [
        "《中华人民共和国社会保险法》第60条",
        "《中华人民共和国社会保险法》第60条第2款",
    ]
    assert '<p lang="en">Who may pay directly</p>' in chinese  # not translated yet, marked


# --- The law's page: where its text comes from, in words ----------------------------------


def provenance_row(page_html: str) -> str:
    return page_html.split('<dt class="c-summary-list__key">', 1)[1].split("</dl>", 1)[0]


@pytest.mark.parametrize(
    ("url", "says"),
    [
        (
            "/laws/social-insurance-law/",
            "<p>The text as amended on 29 December 2018, from the "
            '<a href="https://flk.npc.gov.cn/" rel="external">national database of laws and '
            "regulations</a>.</p>",
        ),
        (
            "/zh-hans/laws/social-insurance-law/",
            '<p>2018年12月29日修改后的文本，取自<a href="https://flk.npc.gov.cn/" '
            'rel="external">国家法律法规数据库</a>。</p>',
        ),
        (
            "/laws/premium-collection-interim-regulations/",
            "<p>The text as amended on 24 March 2019, from the",
        ),
        (
            "/zh-hans/laws/insurance-handling-regulations/",
            "<p>2023年8月16日通过的文本，取自",
        ),
    ],
)
def test_the_law_says_where_its_text_comes_from_in_words_not_a_hash(
    social_insurance_law, url, says
):
    shown = page(url)
    assert says in provenance_row(shown)
    before, about = shown.split('<details class="c-details" id="about-this-text">', 1)
    assert not COMMIT.search(before)
    # The exact provenance, with the repository and commit the text was copied from, is
    # kept for re-users in a block at the end of the page, in the page's language.
    assert 'href="#about-this-text"' in before
    about = about.split("</details>", 1)[0]
    assert "LawRefBook/Laws" in about
    assert COMMIT.search(about)


def test_the_about_this_text_block_is_in_each_language(social_insurance_law):
    english = page("/laws/social-insurance-law/")
    assert "<summary>About this text, for re-users of the data</summary>" in english
    chinese = page("/zh-hans/laws/social-insurance-law/")
    about = chinese.split('id="about-this-text">', 1)[1].split("</details>", 1)[0]
    assert "<summary>关于本文本（供数据再利用者参考）</summary>" in about
    # The Chinese note, then the English one it refers to for the repository and commit.
    assert "（仓库及提交编号见下方英文说明）" in about
    assert re.search(r'<p lang="en">Consolidated text .*?LawRefBook/Laws', about)
    assert out_of_language(chinese, "zh-Hans") == []
    assert out_of_language(english, "en") == []


# --- Error pages in the language of the address -------------------------------------------


def broken(request):
    raise RuntimeError("a bug")


def database_down(request):
    raise OperationalError("could not connect to server")


urlpatterns = [
    *i18n_patterns(
        path("broken/", broken),
        path("database-down/", database_down),
        prefix_default_language=False,
    ),
    *portal_urls.urlpatterns,
]
handler500 = portal_urls.handler500


def failing_context(request):
    raise RuntimeError("a context processor that fails")


def without_errors(client: Client) -> Client:
    client.raise_request_exception = False
    return client


CHINESE = ("zh-Hans", "zh-hans")
ENGLISH = ("en", "en")


@pytest.mark.parametrize(
    ("url", "language", "heading"),
    [
        ("/zh-hans/no-such-page/", CHINESE, "找不到页面"),
        ("/no-such-page/", ENGLISH, "Page not found"),
        ("/zh-hans/laws/no-such-law/", CHINESE, "找不到页面"),
        ("/laws/social-insurance-law/article/999/", ENGLISH, "Page not found"),
    ],
)
def test_a_404_is_in_the_language_of_its_address(db, url, language, heading):
    (lang, code), other = language, "en" if language == CHINESE else "zh-hans"
    translation.activate(other)  # as an earlier request in this thread may leave it
    response = Client().get(url)
    assert response.status_code == 404
    shown = html.unescape(response.content.decode())
    assert f'<html lang="{lang}">' in shown
    assert headings(shown, "h1") == [heading]
    assert f'href="{"/zh-hans" if code == "zh-hans" else ""}/"' in shown  # its home page
    assert response["Content-Language"] == code
    assert out_of_language(shown, lang) == []


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("url", "language", "heading"),
    [
        ("/zh-hans/broken/", CHINESE, "抱歉，服务出现问题"),
        ("/broken/", ENGLISH, "Sorry, there is a problem with the service"),
    ],
)
def test_a_500_is_in_the_language_of_its_address(db, client, url, language, heading):
    lang, code = language
    response = without_errors(client).get(url)
    assert response.status_code == 500
    shown = html.unescape(response.content.decode())
    assert f'<html lang="{lang}">' in shown
    assert headings(shown, "h1") == [heading]
    assert response["Content-Language"] == code
    assert out_of_language(shown, lang) == []


@pytest.mark.parametrize(
    ("url", "left_in", "lang", "heading"),
    [
        ("/zh-hans/guides/", "en", "zh-Hans", "抱歉，服务出现问题"),
        ("/guides/", "zh-hans", "en", "Sorry, there is a problem with the service"),
    ],
)
def test_a_500_raised_before_the_language_was_chosen_reads_it_from_the_address(
    rf, url, left_in, lang, heading
):
    # A middleware above LocaleMiddleware failed: the request has no LANGUAGE_CODE, and
    # the thread is still in the language of the request it served before.
    translation.activate(left_in)
    response = views.server_error(rf.get(url))
    shown = html.unescape(response.content.decode())
    assert f'<html lang="{lang}">' in shown
    assert headings(shown, "h1") == [heading]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("url", "lang", "heading"),
    [
        ("/zh-hans/broken/", "zh-Hans", "抱歉，服务出现问题"),
        ("/database-down/", "en", "Sorry, the service is unavailable"),
        ("/zh-hans/database-down/", "zh-Hans", "抱歉，服务暂不可用"),
    ],
)
def test_the_500_and_503_pages_need_no_database_and_no_context_processor(
    db, client, settings, django_assert_num_queries, url, lang, heading
):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                "context_processors": [
                    *settings.TEMPLATES[0]["OPTIONS"]["context_processors"],
                    f"{__name__}.failing_context",
                ]
            },
        }
    ]
    with django_assert_num_queries(0):
        response = without_errors(client).get(url)
    assert response.status_code in (500, 503)
    shown = html.unescape(response.content.decode())
    assert f'<html lang="{lang}">' in shown
    assert headings(shown, "h1") == [heading]


def test_a_400_is_in_the_language_of_its_address(db):
    translation.activate("en")
    response = Client().get("/zh-hans/search/?q=%00")
    assert response.status_code == 400
    shown = html.unescape(response.content.decode())
    assert '<html lang="zh-Hans">' in shown
    assert out_of_language(shown, "zh-Hans") == []
    english = html.unescape(Client().get("/search/?q=%00").content.decode())
    assert '<html lang="en">' in english
    assert headings(english, "h1") == ["Bad request"]


@pytest.mark.urls(__name__)
def test_the_changed_pages_are_valid_html(seed_guide, client, html_validator):
    client = without_errors(client)
    documents = {
        url: client.get(url).content
        for url in [
            SEED,
            "/zh-hans" + SEED,
            "/laws/social-insurance-law/",
            "/zh-hans/laws/social-insurance-law/",
            "/zh-hans/no-such-page/",
            "/zh-hans/broken/",
            "/zh-hans/database-down/",
        ]
    }
    assert html_validator(documents) == []
