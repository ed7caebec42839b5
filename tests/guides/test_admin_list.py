"""The guides list says which version of each guide is on the site, without a query a row."""

import html

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_guide


def test_the_list_says_what_is_on_the_site_for_each_guide(editor_client, social_insurance_law):
    make_guide(steps=1, slug="a", state="published")
    make_guide(steps=1, slug="b", state="scheduled")
    make_guide(steps=1, slug="c", state="unpublished")
    make_guide(steps=1, slug="d", state="withdrawn")
    page = html.unescape(editor_client.get("/admin/guides/guide/").content.decode())
    rows = {slug: page.split(f'<td class="field-slug">{slug}</td>', 1)[1].split("</tr>", 1)[0]
            for slug in "abcd"}  # fmt: skip
    assert "Version 1" in rows["a"]
    assert "Version 1; version 2 scheduled" in rows["b"]
    assert ">No<" in rows["c"] and ">No<" in rows["d"]


def test_the_list_costs_the_same_queries_for_2_and_20_guides(editor_client, social_insurance_law):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get("/admin/guides/guide/").status_code == 200
        return len(captured)

    for number in range(2):
        make_guide(steps=1, slug=f"few-{number}")
    few = queries()
    for number in range(18):
        make_guide(steps=1, slug=f"many-{number}")
    assert queries() == few
