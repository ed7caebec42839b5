"""References in the law's text are links to what they name, as in force on the date read;
an article lists what refers to it, and what cannot be linked is reported for editors."""

import io
import re

import pytest
from django.core.management import call_command

from laws.references import Held, Target, find
from laws.services import import_statute_package
from tests.conftest import ROOT

LAWS = ROOT / "fixtures" / "laws"
LAW = "/laws/social-insurance-law/"
COLLECTION = "/laws/premium-collection-interim-regulations/"


@pytest.fixture
def statutes(social_insurance_law):
    for slug in ("premium-collection-interim-regulations", "insurance-handling-regulations"):
        import_statute_package(LAWS / slug)


def links_in(client, url: str, paragraph: str) -> list[tuple[str, str]]:
    """(link text, address) of each reference link in one paragraph of a page."""
    page = client.get(url).content.decode()
    body = page.split(f'id="{paragraph}"', 1)[1].split('<div class="c-law-para"', 1)[0]
    return [
        (text, href)
        for href, text in re.findall(r'<a class="c-law-ref" href="([^"]+)">([^<]+)</a>', body)
    ]


@pytest.mark.parametrize(
    ("page", "paragraph", "expected"),
    [
        (f"{LAW}article/41/", "p2", [("本法第六十三条", f"{LAW}article/63/")]),
        (f"{COLLECTION}article/8/", "p2", [("前款", f"{COLLECTION}article/8/#p1")]),
        (f"{COLLECTION}article/18/", "p2", [("前款", f"{COLLECTION}article/18/#p1")]),
        (
            f"{COLLECTION}article/24/",
            "p1",
            [
                ("本条例第十条", f"{COLLECTION}article/10/"),
                ("本条例第十三条", f"{COLLECTION}article/13/"),
            ],
        ),
        (
            "/laws/insurance-handling-regulations/article/1/",
            "p1",
            [("《中华人民共和国社会保险法》", LAW)],
        ),
    ],
)
def test_references_in_the_text_are_links_to_what_they_name(
    client, statutes, page, paragraph, expected
):
    assert links_in(client, page, paragraph) == expected


def test_a_dated_page_links_to_the_same_date(client, statutes):
    links = links_in(client, f"{LAW}article/41/2015-06-01/", "p2")
    assert links == [("本法第六十三条", f"{LAW}article/63/2015-06-01/")]
    chinese = links_in(client, f"/zh-hans{COLLECTION}article/8/", "p2")
    assert chinese == [("前款", f"/zh-hans{COLLECTION}article/8/#p1")]
    whole = client.get(f"{COLLECTION}whole/").content.decode()
    assert f'<a class="c-law-ref" href="{COLLECTION}article/10/">本条例第十条</a>' in whole


KNOWN = Held(
    by_title={"中华人民共和国社会保险法": "sil"},
    paragraphs=frozenset(
        {("sil", n, p) for n in range(1, 99) for p in (1, 2, 3)} | {("sil", 105, 1)}
    ),
)


@pytest.mark.parametrize(
    ("text", "paragraph", "targets"),
    [
        ("依照第八十六条至第八十八条的规定", 1, [Target("sil", 86), Target("sil", 88)]),
        ("前两款规定的情形", 3, [Target("sil", 10, 1)]),
        ("前款规定", 1, [None]),  # a first paragraph has none before it
        ("本条第二款规定", 3, [Target("sil", 10, 2)]),
        ("依照本法第六十三条第二款", 1, [Target("sil", 63, 2)]),
        ("依照劳动法第十条", 1, [None]),  # another statute's, named without 《》
        ("《中华人民共和国劳动合同法》第十条", 1, [None]),  # not held here
        ("《中华人民共和国社会保险法》第四十一条", 1, [Target("sil", 41)]),
        ("本法第一百零五条", 1, [Target("sil", 105)]),  # numerals with 百 and 零
        ("本法第二百条", 1, [None]),  # no such article
        ("本法规定的社会保险", 1, []),
        ("本法第零条", 1, [None]),  # an editor's typo: no number, not a crash
        ("本条第零款", 1, [None]),
        # A reference joined to another names the same statute, held here or not.
        (
            "《中华人民共和国社会保险法》第八十六条至第八十八条",
            1,
            [Target("sil", 86), Target("sil", 88)],
        ),
        (
            "《中华人民共和国社会保险法》第四十一条、第四十二条",
            1,
            [Target("sil", 41), Target("sil", 42)],
        ),
        ("依照劳动法第十条、第十二条", 1, [None, None]),
        ("依照《中华人民共和国劳动法》第十条和第十二条", 1, [None, None]),
        ("依照第十条、本法第十二条", 1, [Target("sil", 10), Target("sil", 12)]),
    ],
)
def test_each_form_of_reference_finds_its_target(text, paragraph, targets):
    found = find(text, statute="sil", article=10, paragraph=paragraph, known=KNOWN)
    assert [reference.target for reference in found] == targets


def test_an_article_lists_the_paragraphs_that_refer_to_it(client, statutes):
    page = client.get(f"{LAW}article/63/").content.decode()
    referred = page.split('id="referred-to-by"', 1)[1].split("</ul>", 1)[0]
    assert f'href="{LAW}article/41/#p2">Article 41, paragraph 2</a>' in referred
    handling = client.get(f"{COLLECTION}article/10/").content.decode()
    assert f'href="{COLLECTION}article/24/#p1">Article 24, paragraph 1</a>' in handling
    assert 'id="referred-to-by"' not in client.get(f"{LAW}article/2/").content.decode()


def test_what_cannot_be_linked_is_reported_for_editors(statutes):
    out = io.StringIO()
    call_command("law_references", stdout=out)
    report = out.getvalue()
    assert "《中华人民共和国劳动合同法》" in report
    assert "本法第六十三条" not in report
    assert report.strip().endswith("not linked.")
