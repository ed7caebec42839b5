"""Editors' Markdown renders to HTML that cannot run script."""

import inspect
import re
import sys

import pytest
from django.core.exceptions import ValidationError

from guides.markdown import MAX_LENGTH, MarkdownError, render, validate_markdown
from guides.models import Step
from guides.publishing import publish
from tests.factories import make_guide

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    '<div onclick="alert(1)">x</div>',
    "<svg/onload=alert(1)>",
    "<style>body{display:none}</style>",
    "![x](javascript:alert(1))",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<form action=https://evil.example><button>go</button></form>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<object data=x></object><embed src=x>",
]

DANGERS = ["<script", "onerror", "onclick", "onload", "javascript:", "<iframe", "<style", "<svg",
           "data:text", "<form", "style=", "<object", "<embed", "<img"]  # fmt: skip


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_markdown_renders_inert(payload):
    html = render(payload).lower()
    for danger in DANGERS:
        assert danger not in html, (payload, html)


def test_ordinary_markdown_still_works():
    html = render("**Bring** [the form](https://example.org/form) and:\n\n- one\n- two")
    assert "<strong>Bring</strong>" in html
    assert 'href="https://example.org/form"' in html
    assert "<li>one</li>" in html


def test_step_html_is_rendered_and_sanitised_on_save(social_insurance_law, client):
    guide = make_guide(steps=1)
    step = Step.objects.get(guide=guide)
    step.body = "Pay **now** <script>alert(1)</script>"
    step.save()
    assert step.body_html.startswith("<p>Pay <strong>now</strong>")
    assert "<script>alert(1)" not in step.body_html
    publish(guide=guide, user=None, change_note="Step text changed.", major=False)
    html = client.get(guide.get_absolute_url()).content.decode()
    assert "Pay <strong>now</strong>" in html
    assert "<script>alert(1)" not in html


# --- Bounds: what the renderer refuses, and what it still renders ---------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param(
            "[" * 20000 + "]" * 20000,
            "Keep this text to 10,000 characters; it has 40,000.",
            id="long",
        ),
        pytest.param("line\n" * 501, "Keep this text to 500 lines; it has 501.", id="lines"),
        pytest.param(
            "- " * 700 + "x", "Line 1 nests lists or quotes (or indents) more than 10", id="lists"
        ),
        pytest.param("intro\n\n" + "> " * 11 + "x", "Line 3 nests lists or quotes", id="quotes"),
        pytest.param(
            "- a\n" + " " * 44 + "- b", "Line 2 nests lists or quotes (or indents)", id="indent"
        ),
        pytest.param(
            "[" * 11 + "x", "Line 1 leaves more than 10 square brackets [ open", id="open"
        ),
        # A bracket inside `code` closes nothing: Python-Markdown still looks further.
        pytest.param("[`]`" * 11 + "x", "more than 10 square brackets [ open", id="in code"),
        pytest.param("\\\\[" * 11 + "x", "more than 10 square brackets", id="escaped backslash"),
        pytest.param(
            '[a](b "title) ' * 51, "Use at most 50 links and images; this text has 51.", id="links"
        ),
        pytest.param(
            "`a` " * 51, "Use at most 100 backticks (`); this text has 102.", id="backticks"
        ),
        pytest.param('<a b=">"' * 101, "Use at most 100 HTML tags; this text has 101.", id="tags"),
    ],
)
def test_markdown_past_the_bounds_is_refused_with_the_reason(text, reason):
    with pytest.raises(MarkdownError, match=re.escape(reason)):
        render(text)
    with pytest.raises(ValidationError, match=re.escape(reason)):
        validate_markdown(text)


def test_markdown_within_the_bounds_still_renders_as_before():
    nested = "\n".join("    " * level + f"- level {level + 1}" for level in range(10))
    assert render(nested).count("<ul>") == 10
    assert render("> " * 10 + "deep").count("<blockquote>") == 10
    assert render("[" * 10 + "]" * 10) == "<p>" + "[" * 10 + "]" * 10 + "</p>"
    assert render("See [this](https://example.org) and \\[that\\].").endswith(
        '<a href="https://example.org" rel="noopener noreferrer">this</a> and [that].</p>'
    )
    links = " ".join(f"[{n}](https://example.org/{n})" for n in range(50))
    assert render(links).count("<a ") == 50
    assert render("x" * MAX_LENGTH) == f"<p>{'x' * MAX_LENGTH}</p>"


def test_the_renderer_never_raises_recursion_error():
    """Called with little stack left (deep in a request), a nested list runs out of it:
    the editor gets a reason, not a server error."""
    text = "\n".join(
        "    " * level + f"- level {level + 1} of the stack test" for level in range(10)
    )

    def nearly_out_of_stack(frames_left: int):
        if frames_left > 30:
            return nearly_out_of_stack(frames_left - 1)
        return render(text)

    with pytest.raises(MarkdownError, match="nests too deeply to render"):
        nearly_out_of_stack(sys.getrecursionlimit() - len(inspect.stack()))


def test_a_stored_text_past_the_bounds_still_saves_and_shows_escaped(social_insurance_law, client):
    # Text kept from before the bounds (an old version restored) must not break a save.
    guide = make_guide(steps=1)
    step = Step.objects.get(guide=guide)
    step.body = "- " * 700 + "<script>alert(1)</script>"
    step.save()
    publish(guide=guide, user=None, change_note="An old text restored.", major=False)
    html = client.get(guide.get_absolute_url()).content.decode()
    assert "- - - &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
