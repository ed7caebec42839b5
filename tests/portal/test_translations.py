"""Every string a reader or a member of staff sees can be translated, and is: no template
holds text outside {% translate %}, and the Chinese catalogue is complete, checked and
up to date with the code."""

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
# Attributes a reader sees or hears.
SEEN = {"alt", "title", "aria-label", "placeholder"}
# Text with no word to translate: numbers, punctuation, symbols.
WORDLESS = re.compile(r"[\W\d_]*")

TEMPLATE_TAGS = [
    re.compile(r"\{#.*?#\}", re.DOTALL),
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.DOTALL),
    re.compile(r"\{%\s*blocktranslate\b.*?\{%\s*endblocktranslate\s*%\}", re.DOTALL),
    re.compile(r"\{%.*?%\}", re.DOTALL),
    re.compile(r"\{\{.*?\}\}", re.DOTALL),
]


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.hidden = 0  # inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self.hidden += 1
        for name, value in attrs.items():
            if name in SEEN or (name == "content" and attrs.get("name") == "description"):
                self.found.append(value or "")
        # A submit input shows its value; a button shows its content (its value is data).
        if tag == "input" and attrs.get("type") in ("submit", "button"):
            self.found.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.found.append(data)


def untranslated(source: str) -> list[str]:
    for pattern in TEMPLATE_TAGS:
        source = pattern.sub(" ", source)
    parser = VisibleText()
    parser.feed(source)
    return [text.strip() for text in parser.found if not WORDLESS.fullmatch(text.strip())]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_templates_hold_no_text_outside_translate(template):
    assert untranslated(template.read_text()) == []


def test_the_check_finds_text_left_out():
    # The check itself can fail: plain text and seen attributes are found, tags are not.
    source = '<p>Pay here</p><img alt="A map"><p>{% translate "Fine" %} {{ x }} 42 →</p>'
    assert untranslated(source) == ["Pay here", "A map"]


MSGFMT = shutil.which("msgfmt") or "msgfmt"


def statistics(catalogue: Path) -> str:
    checked = subprocess.run(  # noqa: S603 - our own fixed command
        [MSGFMT, "--check", "--statistics", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    return checked.stderr.strip()


@pytest.fixture(scope="module")
def msgfmt():
    if shutil.which("msgfmt") is None:
        pytest.fail("msgfmt not found: make test installs GNU gettext (or apt-get install gettext)")


def test_the_chinese_catalogue_is_complete_with_no_fuzzy_entry(msgfmt):
    # msgfmt checks every placeholder matches its English, and counts what is missing.
    shown = statistics(CATALOGUE)
    assert re.fullmatch(r"\d+ translated messages?\.", shown), shown


def test_the_catalogue_holds_every_string_the_code_marks(msgfmt, tmp_path):
    # makemessages on a copy of the code: anything marked but missing from the catalogue
    # (or left there after the code dropped it) shows up.
    copy = tmp_path / "portal"
    ignored = shutil.ignore_patterns(".*", "node_modules", "staticfiles", "tests", "*.mo", "*.pyc")
    shutil.copytree(ROOT, copy, ignore=ignored)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "zh_Hans",
            "--no-obsolete",
            "--no-location",
            "--verbosity",
            "0",
        ],
        cwd=copy,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "HOME": str(tmp_path)},
    )
    regenerated = copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    assert msgids(regenerated) == msgids(CATALOGUE)
    assert re.fullmatch(r"\d+ translated messages?\.", statistics(regenerated))


def msgids(catalogue: Path) -> set[str]:
    text = catalogue.read_text()
    entries = re.findall(r'^(?:msgctxt "(.*)"\n)?msgid ((?:".*"\n)+)', text, re.MULTILINE)
    return {f"{context}\x04{ids}" for context, ids in entries} - {"\x04" + '""\n'}
