"""Each page in two languages: one address each, `/` in the reader's language, a switch that
keeps the page, and caches that never give one language's page for the other's address."""

import re

import pytest
from django.test import Client

GUIDE = "/guides/where-to-pay-social-security/"


def lang_of(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def alternates(html: str) -> dict[str, str]:
    links = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html)
    return dict(links)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "/zh-hans/"),
        ("zh-TW", "/zh-hans/"),  # the only Chinese we have
        ("zh", "/zh-hans/"),
        ("en-GB,en;q=0.9", None),
        ("fr-FR", None),  # any other language reads English
        ("", None),
    ],
)
def test_the_home_page_is_in_the_language_the_browser_asks_for(db, client, accept, expected):
    response = client.get("/", headers={"accept-language": accept} if accept else {})
    if expected is None:
        assert response.status_code == 200
        assert lang_of(response.content.decode()) == "en"
    else:
        assert response.status_code == 302
        assert response["Location"] == expected
        assert lang_of(client.get(expected).content.decode()) == "zh-Hans"
    # Whichever the answer, a cache in between must key it on what decided it.
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}


def test_the_redirect_is_never_kept_and_the_english_home_never_goes_to_a_chinese_reader(db):
    english, chinese = Client(), Client(headers={"accept-language": "zh-CN"})
    for _ in range(2):  # the second time, the English home is in the page cache
        assert english.get("/").status_code == 200
        redirect = chinese.get("/")
        assert redirect.status_code == 302
        assert "no-cache" in redirect["Cache-Control"]
        assert "private" in redirect["Cache-Control"]


def test_a_reader_who_chose_english_is_not_sent_to_chinese_again(db, client):
    switched = client.get("/language/en/", {"next": "/zh-hans/laws/"})
    assert switched.status_code == 302
    assert switched["Location"] == "/laws/"
    # Their browser still prefers Chinese; their choice wins.
    home = client.get("/", headers={"accept-language": "zh-CN"})
    assert home.status_code == 200
    assert lang_of(home.content.decode()) == "en"
    client.get("/language/zh-hans/", {"next": "/laws/"})
    assert client.get("/", headers={"accept-language": "en"})["Location"] == "/zh-hans/"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "", "javascript:alert(1)"],
)
def test_the_switch_never_leads_off_the_site(client, target):
    response = client.get("/language/zh-hans/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/"


def test_an_unknown_language_is_a_404_and_the_switch_cannot_be_posted_to(client):
    assert client.get("/language/fr/", {"next": "/"}).status_code == 404
    assert client.post("/language/en/", {"next": "/"}).status_code == 405


def test_each_page_links_to_itself_in_both_languages_with_x_default(seed_guide, client):
    for path in ["/", GUIDE, "/laws/social-insurance-law/article/60/", "/regions/440000/"]:
        english = client.get(path).content.decode()
        chinese = client.get(f"/zh-hans{path}").content.decode()
        expected = {
            "zh-Hans": f"http://testserver/zh-hans{path}",
            "en": f"http://testserver{path}",
            "x-default": f"http://testserver{path}",
        }
        assert alternates(english) == expected, path
        assert alternates(chinese) == expected, path
        assert lang_of(english) == "en"
        assert lang_of(chinese) == "zh-Hans"


def test_the_switch_keeps_the_region_the_date_and_the_query(seed_guide, client):
    page = client.get("/laws/social-insurance-law/article/64/2012-01-01/").content.decode()
    assert (
        'href="/language/zh-hans/?next=%2Fzh-hans%2Flaws%2Fsocial-insurance-law%2Farticle%2F64%2F2012-01-01%2F"'
        in page
    )
    search = client.get("/zh-hans/search/", {"q": "pension", "kind": "law", "utm_source": "x"})
    switch = re.search(r'href="(/language/en/\?next=[^"]+)"', search.content.decode()).group(1)
    landed = client.get(switch.replace("&amp;", "&"))
    # The query is kept, the tracker is not.
    assert landed["Location"] == "/search/?q=pension&kind=law"


def test_addresses_people_guess_lead_to_the_right_language(client):
    assert client.get("/zh/")["Location"] == "/zh-hans/"
    assert client.get("/zh-cn/")["Location"] == "/zh-hans/"
    moved = client.get("/en/laws/?x=1")
    assert moved.status_code == 301
    assert moved["Location"] == "/laws/?x=1"


def test_a_cached_page_is_never_served_for_the_other_languages_address(seed_guide):
    reader = Client()
    for _ in range(2):  # built, then from the page cache
        for path in ["/", GUIDE, "/laws/", "/regions/440000/440300/", "/search/?q=pension"]:
            english = reader.get(path)
            chinese = reader.get(f"/zh-hans{path}")
            assert lang_of(english.content.decode()) == "en", path
            assert lang_of(chinese.content.decode()) == "zh-Hans", path
            assert english["Content-Language"] == "en"
            assert chinese["Content-Language"] == "zh-hans"
    assert english["X-Cache"] == "hit"


def test_fragments_are_kept_per_language(seed_guide):
    # A member of staff (a session) gets the page built around kept fragments.
    staff = Client()
    staff.cookies["sessionid"] = "not-a-session"
    english = staff.get(GUIDE).content.decode()
    chinese = staff.get(f"/zh-hans{GUIDE}").content.decode()
    assert "Show all steps" in english
    assert "Show all steps" not in chinese


def test_the_sitemap_lists_both_languages_with_alternates(seed_guide, client):
    sitemap = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert f"http://testserver{GUIDE}" in locations
    assert f"http://testserver/zh-hans{GUIDE}" in locations
    assert 'hreflang="zh-hans"' in sitemap or 'hreflang="zh-Hans"' in sitemap
    assert 'hreflang="x-default"' in sitemap
