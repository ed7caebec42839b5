"""Editors' Markdown renders to HTML that cannot run script."""

import pytest

from guides.markdown import render
from guides.models import Step
from tests.guides.conftest import make_guide

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
    html = client.get(guide.get_absolute_url()).content.decode()
    assert "Pay <strong>now</strong>" in html
    assert "<script>alert(1)" not in html
