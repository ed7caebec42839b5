"""Before/after comparison of two wordings, character by character.

Chinese has no spaces, so words cannot be the unit: characters are.
"""

from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def inline_diff(before: str, after: str) -> SafeString:
    """HTML marking what was removed (<del>) and added (<ins>), all text escaped."""
    parts = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for op, b1, b2, a1, a2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(before[b1:b2]))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(before[b1:b2])}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(after[a1:a2])}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above
