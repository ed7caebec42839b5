"""Editors maintain a guide on one screen, with a live preview by the site's renderer."""

import re

import pytest
from django.test import Client

from guides.models import Citation, Material, Step
from tests.factories import client_for, make_guide
from tests.formdata import form_data

PREVIEW = "/admin/markdownx/markdownify/"


def test_guide_with_steps_items_and_citations_on_one_screen(editor_client, seed_guide):
    response = editor_client.get(f"/admin/guides/guide/{seed_guide.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="personal ID card"' in html
    assert 'value="Self-service payment machine"' in html
    assert "markdownx" in html  # the live-preview editor
    assert html.count('name="steps-') > 20


def test_preview_uses_the_sites_sanitising_renderer(editor_client):
    response = editor_client.post(PREVIEW, {"content": "**bold** <script>alert(1)</script>"})
    assert response.status_code == 200
    assert response.content.decode().strip() == "<p><strong>bold</strong> </p>"
    assert editor_client.post(PREVIEW, {}).status_code == 200


def test_preview_is_for_staff_only_and_posts_only(editor_client):
    anonymous = Client().post(PREVIEW, {"content": "x"})
    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]
    assert editor_client.get(PREVIEW).status_code == 405


def test_image_upload_is_not_routed(editor_client):
    assert editor_client.post("/markdownx/upload/").status_code == 404
    assert editor_client.post("/admin/markdownx/upload/").status_code == 404


def guide_form(client, guide) -> tuple[str, dict]:
    """The guide's change form, as the editor opens it: a published guide is changed in
    place, and citizens keep reading its published version until it is published again."""
    url = f"/admin/guides/guide/{guide.pk}/change/"
    return url, form_data(client.get(url).content.decode(), "guide_form")


def positions_and_titles(guide) -> list[tuple[int, str]]:
    return list(guide.steps.values_list("position", "title"))


def shown_step_titles(response) -> list[str]:
    """The steps' headings, in order, as a guide page (or its preview) shows them."""
    headings = re.findall(r'<h3 class="c-steps__title">(.*?)</h3>', response.content.decode(), re.S)
    return [re.sub(r"^Step \d+\s+", "", re.sub(r"<[^>]+>", "", h).strip()) for h in headings]


REARRANGED = [
    "Choose the payment method",
    "Prepare relevant materials",
    "Understand the social security payment policy",
    "Go through the payment procedures",
    "Inquiring about payment records",
]


def test_steps_are_saved_in_the_order_arranged_numbered_from_one(editor_client, seed_guide):
    url, data = guide_form(editor_client, seed_guide)
    published = shown_step_titles(Client().get(seed_guide.get_absolute_url()))
    # The editor's script numbers rows from 0 and posts them in any order.
    data |= {f"steps-{i}-position": [str(i)] for i in range(5)}
    data |= {"steps-0-position": ["2"], "steps-2-position": ["0"]}
    assert editor_client.post(url, data).status_code == 302
    assert positions_and_titles(seed_guide) == list(enumerate(REARRANGED, start=1))
    preview = editor_client.get(f"/admin/guides/guide/{seed_guide.pk}/preview/")
    assert shown_step_titles(preview) == REARRANGED
    # Citizens keep the published order until the new one is published.
    assert shown_step_titles(Client().get(seed_guide.get_absolute_url())) == published
    assert published[0] == "Understand the social security payment policy"


def test_the_rearranged_steps_reach_citizens_when_published(editor_client, seed_guide):
    url, data = guide_form(editor_client, seed_guide)
    data |= {"steps-0-position": ["5"], "steps-4-position": ["1"]}  # the first and last swap
    assert editor_client.post(url, data).status_code == 302
    published = editor_client.post(
        f"/admin/guides/guide/{seed_guide.pk}/publish/", {"change_note": "Steps reordered."}
    )
    assert published.status_code == 302
    titles = shown_step_titles(Client().get(seed_guide.get_absolute_url()))
    assert titles[0] == "Inquiring about payment records"
    assert titles[-1] == "Understand the social security payment policy"
    assert len(titles) == 5


@pytest.mark.parametrize(
    "position", ["on", "", "-1", "1e3", "²", "٣", pytest.param("9" * 5000, id="5000 digits")]
)
def test_a_malformed_position_is_an_error_on_the_form_not_a_crash(
    editor_client, seed_guide, position
):
    url, data = guide_form(editor_client, seed_guide)
    before = positions_and_titles(seed_guide)
    response = editor_client.post(url, data | {"steps-0-position": [position]})
    assert response.status_code == 200
    assert "Please correct the error below." in response.content.decode()
    assert positions_and_titles(seed_guide) == before


# --- Hostile input: refused with a message, fast, and nothing written ------------------

TOO_LONG = "[" * 20000 + "]" * 20000  # quadratic in Python-Markdown: minutes of a worker
TOO_DEEP = "- " * 700 + "x"  # recursion past Python's limit


@pytest.fixture
def as_editor(editor):
    """A client signed in as a member of the Editors group."""
    return client_for(editor)


def saved_state(guide) -> list:
    """Everything the guide's working copy holds, to show that a refused save wrote nothing."""
    guide.refresh_from_db()
    return [
        (guide.summary, guide.revision, list(guide.steps.values_list("position", "title", "body"))),
        list(Material.objects.filter(step__guide=guide).values_list("id", "name", "step")),
        list(Citation.objects.filter(guide=guide).values_list("id", "position")),
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param(TOO_LONG, "Keep this text to 10,000 characters; it has 40,000.", id="long"),
        pytest.param(TOO_DEEP, "Line 1 nests lists or quotes (or indents) more than 10", id="deep"),
        pytest.param("[" * 11 + "x", "Line 1 leaves more than 10 square brackets [", id="open"),
    ],
)
def test_the_preview_refuses_markdown_past_the_bounds_with_a_plain_reason(
    as_editor, content, reason
):
    response = as_editor.post(PREVIEW, {"content": content})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert reason in response.content.decode()  # markdownx shows it in the preview pane


@pytest.mark.parametrize("field", ["summary_en", "steps-0-body_en"])
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param(TOO_LONG, "Keep this text to 10,000 characters", id="long"),
        pytest.param(TOO_DEEP, "nests lists or quotes (or indents) more than 10", id="deep"),
    ],
)
def test_markdown_past_the_bounds_is_an_error_on_its_field_and_nothing_is_saved(
    as_editor, seed_guide, field, text, reason
):
    url, data = guide_form(as_editor, seed_guide)
    before = saved_state(seed_guide)
    response = as_editor.post(url, data | {field: [text]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please correct the error" in html
    assert re.search(rf"errorlist[^>]*>\s*<li>[^<]*{re.escape(reason)}", html)
    assert saved_state(seed_guide) == before


def step_forms_shown(response) -> int:
    return len(re.findall(r'name="steps-\d+-title_en"', response.content.decode()))


@pytest.mark.parametrize(
    ("count_field", "count", "message"),
    [
        ("steps-TOTAL_FORMS", "16", "Keep to at most 15 steps."),
        ("steps-TOTAL_FORMS", "100000", "Keep to at most 15 steps."),
        ("steps-1-materials-TOTAL_FORMS", "21", "Keep to at most 20 materials."),
        ("steps-1-materials-TOTAL_FORMS", "100000", "Keep to at most 20 materials."),
        ("steps-2-payment_methods-TOTAL_FORMS", "6", "Keep to at most 5 payment methods."),
        ("steps-0-citations-TOTAL_FORMS", "6", "Keep to at most 5 citations."),
        ("legal_basis-TOTAL_FORMS", "11", "Keep to at most 10 citations."),
    ],
)
def test_a_forged_form_count_is_refused_and_only_so_many_rows_are_built(
    as_editor, seed_guide, count_field, count, message
):
    url, data = guide_form(as_editor, seed_guide)
    before = saved_state(seed_guide)
    response = as_editor.post(url, data | {count_field: [count]})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert step_forms_shown(response) <= 15
    assert saved_state(seed_guide) == before


def test_a_forged_count_of_rows_already_saved_is_refused(as_editor, seed_guide):
    # nested-admin reads one posted id per row already saved: millions of them took minutes.
    url, data = guide_form(as_editor, seed_guide)
    before = saved_state(seed_guide)
    response = as_editor.post(url, data | {"steps-INITIAL_FORMS": ["1000000"]})
    assert response.status_code == 200
    assert "This form was changed on its way here." in response.content.decode()
    assert saved_state(seed_guide) == before


def other_guides_rows():
    other = make_guide(steps=2, slug="another-guide")
    return {
        "material": Material.objects.filter(step__guide=other).first(),
        "step": Step.objects.filter(guide=other).first(),
        "legal basis": Citation.objects.filter(guide=other).first(),
    }


def extra_row(data: dict, prefix: str, index: int, **values) -> dict:
    """A new row posted under prefix, copied from the row before it."""
    row = {
        name.replace(f"{prefix}-0-", f"{prefix}-{index}-"): value
        for name, value in data.items()
        if name.startswith(f"{prefix}-0-") and name.count("-") == prefix.count("-") + 2
    }
    row |= {f"{prefix}-{index}-{name}": [str(value)] for name, value in values.items()}
    return row | {f"{prefix}-TOTAL_FORMS": [str(index + 1)]}


@pytest.mark.parametrize(
    "forge",
    [
        "an existing row's id",
        "a new row's id",
        "a deleted row's id",
        "a step's id",
        "a legal basis citation as a step's",
        "an id that is not a number, deleted",
    ],
)
def test_a_row_of_another_guide_cannot_be_changed_moved_or_deleted_from_this_one(
    as_editor, seed_guide, forge
):
    theirs = other_guides_rows()
    snapshot = {
        name: (type(row).objects.filter(pk=row.pk).values().first()) for name, row in theirs.items()
    }
    url, data = guide_form(as_editor, seed_guide)
    before = saved_state(seed_guide)
    material, step = theirs["material"].pk, theirs["step"].pk
    forged = {
        "an existing row's id": {"steps-1-materials-0-id": [str(material)]},
        "a new row's id": extra_row(data, "steps-1-materials", 4, id=material, name="Taken"),
        "a deleted row's id": {
            "steps-1-materials-0-id": [str(material)],
            "steps-1-materials-0-DELETE": ["on"],
        },
        "a step's id": {"steps-0-id": [str(step)]},
        "a legal basis citation as a step's": extra_row(
            data, "steps-0-citations", 2, id=theirs["legal basis"].pk
        ),
        "an id that is not a number, deleted": {
            "steps-1-materials-0-id": ["abc"],
            "steps-1-materials-0-DELETE": ["on"],
        },
    }[forge]
    response = as_editor.post(url, data | forged)
    assert response.status_code == 200
    assert "A row here is not part of this guide" in response.content.decode()
    assert saved_state(seed_guide) == before
    for name, row in theirs.items():
        assert type(row).objects.filter(pk=row.pk).values().first() == snapshot[name]


@pytest.mark.parametrize(
    "number", ["²", "٣", pytest.param("9" * 5000, id="5000 digits"), "-1", "1_0"]
)
def test_the_versions_page_takes_only_plain_numbers(as_editor, seed_guide, number):
    response = as_editor.get(
        f"/admin/guides/guide/{seed_guide.pk}/versions/", {"a": number, "b": "1"}
    )
    assert response.status_code == 200
    assert "Choose two versions to compare." in response.content.decode()


@pytest.mark.parametrize(
    "region", ["abc", "440000/abc", "999999", "440300", "440000/440300/1", "²", "%00"]
)
def test_previewing_a_malformed_or_unknown_region_is_not_found(as_editor, seed_guide, region):
    response = as_editor.get(f"/admin/guides/guide/{seed_guide.pk}/preview/", {"region": region})
    assert response.status_code == 404


def test_previewing_a_region_still_goes_to_its_page(as_editor, seed_guide, regions):
    preview = f"/admin/guides/guide/{seed_guide.pk}/preview/"
    response = as_editor.get(preview, {"region": "440000/440300"})
    assert response.status_code == 302
    assert response["Location"] == f"{preview}440000/440300/"
    assert "Shenzhen" in as_editor.get(response["Location"]).content.decode()
    assert as_editor.get(preview, {"region": ""})["Location"] == preview


def test_rows_posted_with_the_same_position_are_shown_again_without_a_crash(as_editor, seed_guide):
    url, data = guide_form(as_editor, seed_guide)
    tied = {"steps-0-position": ["1"], "steps-1-position": ["1"], "steps-0-title_en": [""]}
    response = as_editor.post(url, data | tied)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_one_row_posted_twice_is_refused(as_editor, seed_guide):
    url, data = guide_form(as_editor, seed_guide)
    before = saved_state(seed_guide)
    twice = {"steps-1-materials-1-id": data["steps-1-materials-0-id"]}
    response = as_editor.post(url, data | twice)
    assert response.status_code == 200
    assert "This form was changed on its way here." in response.content.decode()
    assert saved_state(seed_guide) == before


def test_a_deleted_steps_rows_go_with_it(as_editor, seed_guide):
    # The editor's script marks them deleted too; a post that does not must not leave
    # them pointing at a step that is gone.
    url, data = guide_form(as_editor, seed_guide)
    step = int(data["steps-1-id"][0])
    response = as_editor.post(url, data | {"steps-1-DELETE": ["on"]})
    assert response.status_code == 302
    assert not Step.objects.filter(pk=step).exists()
    assert not Material.objects.filter(step_id=step).exists()
