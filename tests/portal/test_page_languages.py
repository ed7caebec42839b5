"""Every kind of public page, crawled in both languages: a Chinese page reads in Chinese
and an English page in English, except what is marked as the other language (the law's
Chinese text, its unofficial English translation, names beside their translation)."""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import Client

# A Latin word on a Chinese page, or a Chinese phrase on an English page, outside an
# element marked with the other language. Chinese names of places and laws may stand on an
# English page beside the English (a select's option cannot mark its parts), and so may
# what a reader typed; a phrase longer than any name is a sentence left untranslated.
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
HAN_PHRASE = re.compile(r"[\u4e00-\u9fff]{9,}")
# Proper names and codes that are the same in both languages.
NAMES = {"PDF", "APP", "GB", "URL", "JSON", "Atom", "RSS"}
EXTRA = [
    "/",
    "/laws/",
    "/regions/",
    "/guides/",
    "/search/?q=%E7%BC%B4%E8%B4%B9",
    "/guides/where-to-pay-social-security/checklist/",
    "/guides/where-to-pay-social-security/440000/440300/",
    "/guides/where-to-pay-social-security/440000/440300/checklist/",
    "/guides/where-to-pay-social-security/region/",
    "/laws/social-insurance-law/2015-01-01/",
    "/laws/social-insurance-law/article/64/2012-01-01/",
    "/regions/440000/440300/",
    "/calculators/flexible-worker/?region=310000&month=2024-01&base=8000",
    "/calculators/resident/?region=110000&amount=2000&years=15",
    "/calculators/late-payment-fee/?owed=10000&deadline=2024-02-28&paid=2024-03-01",
    "/regions/310000/figures/2024-01-01/",
    "/answers/pay/employer/310000/",
    "/changes/",
    "/about/",
    "/accessibility/",
    "/privacy/",
    "/contact/",
    "/feedback/?page=/guides/",
]


class Text(HTMLParser):
    """The text a reader sees, with the language each piece is marked in."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "col"}

    HIDDEN = {"script", "style", "template", "head"}

    def __init__(self, page_lang: str):
        super().__init__()
        self.stack: list[tuple[str, str, bool]] = [("", page_lang, False)]  # tag, lang, hidden
        self.pieces: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        _, lang, hidden = self.stack[-1]
        self.stack.append((tag, dict(attrs).get("lang") or lang, hidden or tag in self.HIDDEN))

    def handle_endtag(self, tag):
        # Up to the element it closes (a <p> or <li> may have been left open).
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        _, lang, hidden = self.stack[-1]
        if not hidden and data.strip():
            self.pieces.append((lang, data.strip()))


def out_of_language(html: str, page_lang: str) -> list[str]:
    parser = Text(page_lang)
    parser.feed(html)
    found = []
    for lang, text in parser.pieces:
        if page_lang == "zh-Hans" and lang == "zh-Hans":
            found += [w for w in LATIN_WORD.findall(text) if w not in NAMES]
        elif page_lang == "en" and lang == "en" and HAN_PHRASE.search(text):
            found.append(text)
    return found


def shape(url: str) -> str:
    """Addresses that differ only in numbers are one kind of page."""
    return re.sub(r"\d+", "N", url)


@pytest.fixture
def seeded(social_insurance_law, regions):
    call_command("seed", verbosity=0)


@pytest.mark.parametrize(("prefix", "page_lang"), [("/zh-hans", "zh-Hans"), ("", "en")])
def test_every_kind_of_page_reads_in_its_language(seeded, prefix, page_lang):
    client = Client()
    sitemap = client.get("/sitemap.xml").content.decode()
    urls = [
        url.removeprefix("http://testserver") for url in re.findall(r"<loc>(.*?)</loc>", sitemap)
    ]
    ours = [u for u in urls if u.startswith("/zh-hans/") == bool(prefix)]
    kinds = {}
    for url in ours + [prefix + url for url in EXTRA]:
        kinds.setdefault(shape(url), url)
    assert len(kinds) >= 12
    problems = {}
    for url in kinds.values():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{page_lang}">' in html, url
        if found := out_of_language(html, page_lang):
            problems[url] = found[:8]
    assert problems == {}
