"""Admin search finds what staff type: local items by their own words, and the law's
articles and paragraphs by number, in digits or in Chinese, with a short text in the list."""

import html

import pytest

from laws.admin import numbered
from laws.models import Article, Paragraph
from tests.factories import client_for, material_change, method_change, step_change, steps_of

SHENZHEN = "440300"


def found(client, model: str, term: str) -> str:
    response = client.get(f"/admin/{model}/", {"q": term})
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def shenzhen_items(seed_guide):
    steps = steps_of(seed_guide)
    note = step_change(
        SHENZHEN, steps["policy"], "note", "A monthly automatic deduction from a bank account."
    )
    material = material_change(
        SHENZHEN, steps["materials"], "add", name="Residence permit", name_zh_hans="居住证"
    )
    cash = steps["methods"].payment_methods.get(kind="cash")
    method = method_change(
        SHENZHEN, steps["methods"], "unavailable", method=cash, notes="现金缴费已停止。"
    )
    return note, material, method


@pytest.mark.parametrize(
    ("model", "term", "expected"),
    [
        ("local/stepchange", "monthly", 0),
        ("local/materialchange", "居住证", 1),
        ("local/materialchange", "residence", 1),
        ("local/methodchange", "Cash", 2),  # the guide's method it changes
        ("local/methodchange", "现金", 2),
    ],
)
def test_local_items_are_found_by_their_own_words(
    shenzhen_staff, shenzhen_items, model, term, expected
):
    item = shenzhen_items[expected]
    page = found(client_for(shenzhen_staff), model, term)
    assert f"/admin/{model}/{item.pk}/change/" in page
    assert "0 results" not in page
    assert "nothing-in-particular" not in page
    nothing = found(client_for(shenzhen_staff), model, "nothing-in-particular")
    assert f"/admin/{model}/{item.pk}/change/" not in nothing


def test_a_step_notes_list_shows_its_text(shenzhen_staff, shenzhen_items):
    page = found(client_for(shenzhen_staff), "local/stepchange", "")
    assert "A monthly automatic deduction from a bank account." in page


@pytest.mark.parametrize(
    ("term", "number"),
    [("60", (60, None)), ("第六十条", (60, None)), ("六十", (60, None)), ("６０", (60, None)),
     ("60(1)", (60, 1)), ("60.2", (60, 2)), ("第六十条第一款", (60, 1)), ("第一百条", (100, None)),
     ("pension", None), ("第零条", None), ("9" * 30, None), ("", None)],
)  # fmt: skip
def test_numbers_are_read_in_digits_and_in_chinese(term, number):
    assert numbered(term) == number


def test_articles_and_paragraphs_are_found_by_number_with_their_words(editor, social_insurance_law):
    client = client_for(editor)
    articles = found(client, "laws/article", "第六十条")
    # Article 60 of each statute held that has one, each with its opening words.
    assert articles.count('class="field-number"') == Article.objects.filter(number=60).count()
    assert "用人单位应当自行申报、按时足额缴纳社会保险费" in articles
    paragraphs = found(client, "laws/paragraph", "60")
    expected = Paragraph.objects.filter(article__number=60).count()
    assert paragraphs.count('class="field-number"') == expected
    first = found(client, "laws/paragraph", "第六十条第一款")
    assert (
        first.count('class="field-number"')
        == Paragraph.objects.filter(article__number=60, number=1).count()
    )
    assert "用人单位应当自行申报" in first
    second = found(client, "laws/paragraph", "60(2)")
    assert "用人单位应当自行申报" not in second
    assert found(client, "laws/paragraph", "第零条").count('class="field-number"') == 0


def test_a_bare_number_also_finds_the_words_it_is_in(editor, social_insurance_law):
    """2011 is no article's number, but the words of a paragraph that holds it."""
    holding = Paragraph.objects.filter(wordings__text_zh__contains="2011").distinct()
    assert holding.exists() and not Article.objects.filter(number=2011).exists()
    page = found(client_for(editor), "laws/paragraph", "2011")
    assert page.count('class="field-number"') == holding.count()
