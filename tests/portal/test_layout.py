"""The header, footer and feedback form are rendered once per process and kept ({% fixed %}):
each page still shows its own language, section, region and address in them."""

import re

import pytest
from django.test import Client

from tests.factories import make_guide

GUIDE = "/guides/test-guide/"
CITY = GUIDE + "440000/440300/"


@pytest.fixture
def guide(social_insurance_law, regions):
    return make_guide(steps=2)


def built(path: str) -> str:
    """The page as a visitor with a session gets it: built each time, around kept parts."""
    response = Client().get(path, headers={"cookie": "sessionid=x"})
    assert response.status_code == 200 and "X-Cache" not in response
    return response.content.decode()


def header(page: str) -> str:
    return re.search(r'<header class="c-header">.*?</header>', page, re.DOTALL).group(0)


def current_section(page: str) -> list[str]:
    return re.findall(r'href="([^"]+)" aria-current="page"', header(page))


def test_each_page_marks_its_own_section_and_region_in_the_kept_header(guide):
    for _ in range(2):  # the second time, every part comes from memory
        guides, law, city = built("/guides/"), built("/laws/"), built(CITY)
        assert current_section(guides) == ["/guides/"]
        assert current_section(law) == ["/laws/"]
        assert 'name="region" value="440000/440300"' in header(city)
        assert 'name="region"' not in header(built(GUIDE))
        assert f'name="page" value="{CITY}"' in city  # the feedback form says which page


def test_each_language_has_its_own_kept_header_and_footer(guide):
    for _ in range(2):
        english, chinese = built("/guides/"), built("/zh-hans/guides/")
        assert "About this site" in english and "关于本站" not in english
        assert "关于本站" in chinese and "About this site" not in chinese
        assert 'href="/zh-hans/guides/" aria-current="page"' in header(chinese)
        # Each header's language switch leads to the other language's version of the page.
        assert "next=%2Fzh-hans%2Fguides%2F" in header(english)
        assert "next=%2Fguides%2F" in header(chinese)
