"""The law's text with its references to other articles and statutes as links."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from laws import exports, references

register = template.Library()


@register.simple_tag(takes_context=True)
def law_text(context, line: str, statute: str, article: int, paragraph: int, on=None):
    """One line of a paragraph: ``{% law_text line statute.slug article.number
    paragraph.number on %}`` (`on` for a page read as in force on a date, else empty).
    What references can lead to is read once for the template being rendered."""
    state = context.render_context
    if "references_known" not in state:
        state["references_known"] = references.held()
    known = state["references_known"]
    return references.linked(
        line, statute=statute, article=article, paragraph=paragraph, known=known, on=on or None
    )


JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def legislation(context, statute, on, article=None):
    """schema.org Legislation for the page, as JSON-LD (escaped as json_script does)."""
    data = exports.json_ld(statute, context["request"], on, article)
    text = json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
