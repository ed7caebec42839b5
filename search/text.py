"""Words for searching: Chinese segmented into words, everything lower-cased.

PostgreSQL's and SQLite's text search split words at spaces and punctuation,
which Chinese does not have. So both the indexed text and the query go through
the same segmenter (rjieba, the Rust port of jieba: the same words as jieba,
loaded in 0.07 s instead of 0.5 s and segmenting 20 times faster), and the
databases only ever see words separated by spaces.
"""

import re
from pathlib import Path

import rjieba

# Letters, digits and CJK ideographs make words; everything else separates them.
WORD_CHARACTERS = re.compile(r"[0-9A-Za-z\u00C0-\u024F\u3400-\u4DBF\u4E00-\u9FFF]+")
CJK = re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF]")
MAX_QUERY_WORDS = 12
# Words a query does without, the same on both databases: PostgreSQL's English stop words
# (a copy of its tsearch_data/english.stop, Snowball's list), which its index leaves out
# and SQLite's keeps, and the words that only make a Chinese question a question.
ENGLISH_STOP_WORDS = frozenset(
    (Path(__file__).parent / "data" / "english.stop").read_text(encoding="utf-8").split()
)
CHINESE_QUESTION_WORDS = frozenset({
    "怎么", "怎样", "如何", "什么", "哪里", "哪儿", "哪些", "哪个", "吗", "呢", "吧", "啊",
    "的", "了", "是", "我", "我的", "要", "想", "能", "可以", "需要",
})  # fmt: skip
STOP_WORDS = ENGLISH_STOP_WORDS | CHINESE_QUESTION_WORDS


def words(text: str) -> list[str]:
    """The searchable words of `text`, in order (Chinese also as its shorter parts)."""
    found = []
    for run in WORD_CHARACTERS.findall(text):
        if CJK.search(run):
            found.extend(word for word in rjieba.cut_for_search(run) if word.strip())
        else:
            found.append(run.lower())
    return found


def terms(text: str) -> str:
    """Text as the index stores it: its words separated by spaces."""
    return " ".join(words(text))
