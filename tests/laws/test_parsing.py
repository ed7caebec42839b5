"""Reading statute files: numerals, structure, and errors that name the line."""

import pytest

from laws.parsing import (
    StatuteFormatError,
    chinese_numeral,
    parse_amendment,
    parse_consolidated,
    parse_seed_translation,
)
from tests.conftest import ROOT

HEADER = "# 测试法\n\n2010年1月1日 通过\n\n<!-- INFO END -->\n\n"


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("六十三", 63), ("九十八", 98),
     ("一百", 100), ("一百零五", 105), ("一百二十", 120)],
)  # fmt: skip
def test_chinese_numerals(text, value):
    assert chinese_numeral(text) == value


@pytest.mark.parametrize("text", ["", "零", "六十x", "abc"])
def test_not_a_numeral(text):
    with pytest.raises(ValueError, match="not a Chinese numeral"):
        chinese_numeral(text)


def test_items_belong_to_the_paragraph_that_introduces_them():
    parsed = parse_consolidated(
        HEADER + "## 第一章 总则\n\n第一条 下列情形:\n\n（一）甲；\n\n（二）乙。\n\n第二款文字。\n"
    )
    (article,) = parsed.articles
    assert article.paragraphs == ["下列情形:\n（一）甲；\n（二）乙。", "第二款文字。"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("第一条 文字。\n", "line 7: an article before the first chapter heading"),
        ("## 第一章 总则\n\n第二条 文字。\n", "line 9: article 2 follows article 0"),
        ("## 第一章 总则\n\n第一条 甲。\n\n第三条 乙。\n", "line 11: article 3 follows article 1"),
        ("## 第二章 总则\n\n第一条 文字。\n", "line 7: chapter 2 follows chapter 0"),
        ("## 第一章 总则\n\n### 第一节 小节\n", "line 9: unexpected heading"),
        ("## 第一章 总则\n\n孤立的文字。\n", "line 9: text outside an article"),
        (
            "## 第一章 总则\n\n## 第二章 其他\n\n第一条 文字。\n",
            "line 7: chapter 1 has no articles",
        ),
    ],
)
def test_malformed_text_is_refused_naming_the_line(body, message):
    with pytest.raises(StatuteFormatError, match=message):
        parse_consolidated(HEADER + body, name="law.md")


def test_missing_history_marker_is_refused():
    with pytest.raises(StatuteFormatError, match="no '<!-- INFO END -->' line"):
        parse_consolidated("# 测试法\n\n## 第一章 总则\n\n第一条 文字。\n")


def test_amendment_json_errors_name_the_line():
    with pytest.raises(StatuteFormatError, match=r"amend.json, line 3: not valid JSON"):
        parse_amendment('{\n  "amendment": {\n  oops\n}', name="amend.json")
    with pytest.raises(StatuteFormatError, match=r"line 2: invalid field 'date'"):
        parse_amendment('{\n  "amendment": {"date": "2018-13-40"},\n "changed_paragraphs": []}')
    with pytest.raises(StatuteFormatError, match=r"line 1: missing field 'changed_paragraphs'"):
        parse_amendment('{"amendment": {"date": "2018-12-29"}}')


def test_seed_translation_of_articles_60_and_63():
    seed = (ROOT / "fixtures" / "seeds" / "000_b3043044d092832f.txt").read_text()
    article_60 = parse_seed_translation(seed, article=60)
    article_63 = parse_seed_translation(seed, article=63)
    assert len(article_60) == 2
    assert article_60[0].startswith("The employing unit shall declare itself")
    assert article_60[1].startswith("Individual industrial and commercial households")
    assert len(article_63) == 3
    assert article_63[2].endswith("with the proceeds from the auction.")
    with pytest.raises(StatuteFormatError, match="no 'Article 61 provides that:' line"):
        parse_seed_translation(seed, article=61)


def test_numbers_written_as_headings_write_them_read_back():
    from laws.parsing import to_chinese_numeral

    assert [to_chinese_numeral(n) for n in (1, 10, 12, 20, 63, 100, 105, 110, 999)] == [
        "一", "十", "十二", "二十", "六十三", "一百", "一百零五", "一百一十", "九百九十九"
    ]  # fmt: skip
    assert all(chinese_numeral(to_chinese_numeral(n)) == n for n in range(1, 1000))
