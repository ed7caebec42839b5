"""What a whole page is kept under: the address's host, scheme and path, and only the query
parameters the page reads, so that neither a stream of made-up addresses nor a forged Host
header can fill the cache or decide what the next citizen is served."""

import os
import re
import uuid
from urllib.parse import urlencode

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client

from search.indexing import rebuild
from tests.factories import load_shipped_content, make_guide
from tests.portal.test_cache import GUIDE, get, main_of

ARTICLE = "/laws/social-insurance-law/article/60/"


@pytest.fixture
def guide(social_insurance_law, regions):
    return make_guide(steps=2)


def not_kept(response) -> bool:
    """Built for this request only, and no proxy or CDN may keep it either."""
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    return "X-Cache" not in response and directives == {"private", "no-cache"}


# --- Query strings ----------------------------------------------------------------------


def test_trackers_added_to_an_address_get_the_page_kept_for_it(guide):
    client = Client()
    plain, _ = get(client, GUIDE)
    for query in ["?utm_source=wechat", "?utm_medium=social&utm_campaign=x&fbclid=abc", "?gclid=1"]:
        response, queries = get(client, GUIDE + query)
        assert (response["X-Cache"], queries) == ("hit", 0), query
        assert response.content == plain.content


def test_an_address_with_a_parameter_no_page_reads_is_built_each_time_and_kept_nowhere(guide):
    client = Client()
    plain, _ = get(client, GUIDE)
    for _ in range(2):
        response, _ = get(client, GUIDE + "?flood=1")
        assert response.status_code == 200 and not_kept(response)
        assert main_of(response) == main_of(plain)
    # A tracker does not make an unknown parameter any better.
    assert not_kept(get(client, GUIDE + "?utm_source=x&flood=2")[0])
    assert get(client, GUIDE)[0]["X-Cache"] == "hit"


def test_each_page_of_the_list_of_guides_is_its_own(social_insurance_law, regions):
    for number in range(21):  # twenty a page
        make_guide(steps=1, slug=f"guide-{number:02}")
    client = Client()
    first, _ = get(client, "/guides/")
    for _ in range(2):
        second, _ = get(client, "/guides/?page=2&utm_source=newsletter")
        assert "Page 2 of 2" in second.content.decode()
        assert main_of(second) != main_of(first)
    assert second["X-Cache"] == "hit"
    assert get(client, "/guides/?utm_source=newsletter")[0].content == first.content
    # Other spellings of a page, or of no page, are built each time: each would be a copy.
    for query in ["?page=02", "?page=2&page=1", "?page=100", "?page=", "?page=last"]:
        response, _ = get(client, "/guides/" + query)
        assert response.status_code == 200 and not_kept(response), query
    assert "Page 2 of 2" in get(client, "/guides/?page=2&page=2")[0].content.decode()


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/guides/", "page=2"),
        (GUIDE + "region/", "province=440000"),
        (GUIDE + "region/", "province=440000&city=440300"),
        (GUIDE + "region/", "place=Shenzhen"),
        (GUIDE + "region/", "clear=1"),
        ("/laws/social-insurance-law/", "on=2019-01-01"),
        (ARTICLE, "on=2019-01-01"),
        ("/search/", "q=pension"),
        ("/search/", "kind=law"),
        ("/search/", "region=440000"),
        ("/search/", "page=2"),
    ],
)
def test_a_parameter_a_page_reads_is_never_answered_with_the_page_without_it(guide, url, query):
    client = Client()
    plain = client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    response = client.get(f"{url}?{query}")
    assert response.get("X-Cache") != "hit"
    if "page=" not in query:  # a page past the last is the last
        assert (response.status_code, response.content) != (plain.status_code, plain.content)


@pytest.fixture
def seeded(social_insurance_law, regions):
    load_shipped_content()
    rebuild()  # on_commit hooks do not run inside a test's transaction


def result_titles(response) -> list[str]:
    return re.findall(r'<h3 class="c-results__title"><a href="[^"]*">([^<]*)</a>', response.text)


def test_each_search_is_its_own_page_and_a_repeated_search_is_answered_at_once(seeded):
    client = Client()
    get(client, "/search/")
    assert get(client, "/search/?utm_source=x")[0]["X-Cache"] == "hit"
    found, _ = get(client, "/search/?" + urlencode({"q": "bank transfer"}))
    assert found["X-Cache"] == "miss" and result_titles(found)
    for params in [
        {"q": "滞纳金"},
        {"q": "bank transfer", "kind": "law"},
        {"q": "bank transfer", "page": "2"},
        {"q": "bank transfer", "region": "440000/440300"},
    ]:
        other = client.get("/search/", params)
        assert other.status_code == 200
        assert (result_titles(other), other.text) != (result_titles(found), found.text), params
    again, queries = get(client, "/search/?" + urlencode({"utm_source": "x", "q": "bank transfer"}))
    assert (again["X-Cache"], queries) == ("hit", 0)
    assert again.content == found.content
    # The address the search form sends, with "" for "Everything".
    for _ in range(2):
        sent, queries = get(client, "/search/?q=bank+transfer&kind=")
    assert (sent["X-Cache"], queries) == ("hit", 0)
    assert result_titles(sent) == result_titles(found)
    assert found["Cache-Control"] == "public, max-age=0, s-maxage=60"


@pytest.fixture
def page_keys():
    """The keys of the whole pages Redis holds for this test run (SCAN over its prefix)."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        pytest.skip("counts the pages kept in Redis: needs REDIS_URL")
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    patterns = [cache.make_key("") + "*"]  # pages, fragments, objects: all this run's keys
    yield lambda: {key for pattern in patterns for key in client.scan_iter(pattern, count=1000)}
    client.close()


def capitalised(word: str, bits: int) -> str:
    return "".join(c.upper() if bits >> i & 1 else c for i, c in enumerate(word))


def test_a_flood_of_made_up_addresses_adds_no_page_to_redis(guide, page_keys):
    client = Client()
    for url in [GUIDE, "/guides/", "/search/", ARTICLE]:
        assert get(client, url)[0]["X-Cache"] == "miss"
    before = page_keys()
    assert len(before) >= 4
    junk = []
    run = uuid.uuid4().hex[:8]  # keys of an earlier run may still be in Redis
    for i in range(50):
        n = f"{run}{i}"
        junk += [
            (GUIDE + f"?utm_source=flood{n}", {}),
            (GUIDE + f"?flood{n}=1", {}),
            (ARTICLE + f"?gclid={n}&x={n}", {}),
            (f"/search/?q=flood{n}", {}),
            (f"/guides/?page=0{n}", {}),
            (
                GUIDE,
                {"host": f"localhost:{6000 + i}" if i % 2 else capitalised("localhost", i + 1)},
            ),
        ]
    assert len({(url, tuple(headers.items())) for url, headers in junk}) == 300
    for url, headers in junk:
        seen = page_keys()
        response = client.get(url, headers=headers)
        assert response.status_code == 200, url
        assert page_keys() - seen == set(), (url, headers)


# --- Host and scheme --------------------------------------------------------------------


def origins(response) -> set[str]:
    """The scheme and host of every absolute address in the page's head (canonical, og:url,
    the HowTo data), but schema.org's."""
    head = response.text[: response.text.index("</head>")]
    return set(re.findall(r"https?://[^/\"\s]+", head)) - {"https://schema.org"}


@pytest.mark.parametrize(
    ("origin", "request_headers"),
    [
        ("http://127.0.0.1", {"host": "127.0.0.1"}),
        ("http://testserver", {}),
        ("https://localhost", {"host": "localhost", "x_forwarded_proto": "https"}),
        ("http://localhost:6666", {"host": "localhost:6666"}),
        ("http://LOCALHOST", {"host": "LOCALHOST"}),
    ],
)
def test_a_page_kept_for_one_host_and_scheme_is_never_served_for_another(
    guide, origin, request_headers
):
    client = Client()
    first, _ = get(client, GUIDE, host="localhost")
    assert origins(first) == {"http://localhost"}
    for _ in range(2):
        response, _ = get(client, GUIDE, **request_headers)
        assert response.status_code == 200
        assert origins(response) == {origin}
    assert get(client, GUIDE, host="localhost")[0]["X-Cache"] == "hit"


def test_a_host_named_as_allowed_hosts_lists_it_has_its_pages_kept(guide):
    """Another spelling of an allowed host passes Django's check but is built each time:
    otherwise every port number and mix of capitals would be a copy of every page."""
    client = Client()
    for host in ["testserver", "localhost", "127.0.0.1"]:
        assert get(client, GUIDE, host=host)[0]["X-Cache"] == "miss"
        assert get(client, GUIDE, host=host)[0]["X-Cache"] == "hit"
    for host in ["localhost:6666", "LOCALHOST", "localhost."]:
        assert not_kept(get(client, GUIDE, host=host)[0]), host
    over_https = Client()
    assert get(over_https, GUIDE, x_forwarded_proto="https")[0]["X-Cache"] == "miss"
    assert get(over_https, GUIDE, x_forwarded_proto="https")[0]["X-Cache"] == "hit"


@pytest.mark.parametrize("kept", [True, False])
def test_a_host_outside_allowed_hosts_gets_400_whether_the_page_is_kept_or_not(guide, kept):
    client = Client()
    if kept:
        get(client, GUIDE)
        assert get(client, GUIDE)[0]["X-Cache"] == "hit"
    for host in ["localhost.evil.example", "evil.example:80"]:
        response = client.get(GUIDE, headers={"host": host})
        assert response.status_code == 400, host
        assert "X-Cache" not in response and "test-guide" not in response.text
    assert get(client, GUIDE)[0]["X-Cache"] == ("hit" if kept else "miss")


def test_answers_and_calculations_are_kept_and_a_changed_figure_is_seen_at_once(seeded):
    from local.models import Figure

    client = Client()
    outcome = "/answers/pay/flexible/310000/not-registered/"
    calculation = "/calculators/flexible-worker/?" + urlencode({"region": "310000", "base": "8000"})
    for url in [outcome, calculation, "/figures/", "/regions/310000/figures/", "/about/"]:
        assert get(client, url)[0]["X-Cache"] == "miss", url
        response, queries = get(client, url)
        assert (response["X-Cache"], queries) == ("hit", 0), url
    # Another base is another calculation; a base typed otherwise is worked out each time.
    other, _ = get(client, calculation.replace("8000", "9000"))
    assert other["X-Cache"] == "miss" and other.content != response.content
    for _ in range(2):
        assert not_kept(get(client, calculation.replace("8000", "８０００"))[0])
    assert "2,558.50" in get(client, outcome)[0].text
    floor = Figure.objects.published().get(region_id="310000", scheme="flexible", kind="base_floor")
    floor.amount = 2600
    floor.save()
    changed, _ = get(client, outcome)
    assert changed["X-Cache"] == "miss"
    assert "2,600" in changed.text and "2,558.50" not in changed.text
