"""Before/after comparison of two texts, marked up with <del> and <ins>.

Chinese has no spaces, so words cannot be the unit: characters are. Text with
words (English, addresses) reads better compared word by word.
"""

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"\w+|\s+|[^\w\s]", re.ASCII)


def inline_diff(before: str, after: str, *, by_words: bool = False) -> SafeString:
    """HTML marking what was removed (<del>) and added (<ins>), all text escaped."""
    old = WORD.findall(before) if by_words else list(before)
    new = WORD.findall(after) if by_words else list(after)
    parts = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, b1, b2, a1, a2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old[b1:b2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(old[b1:b2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(new[a1:a2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above
