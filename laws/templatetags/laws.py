"""The law's text with its references to other articles and statutes as links."""

from django import template

from laws import references

register = template.Library()


@register.simple_tag
def law_text(line: str, statute: str, article: int, paragraph: int, on=None):
    """One line of a paragraph: ``{% law_text line statute.slug article.number
    paragraph.number on %}`` (`on` for a page read as in force on a date, else empty)."""
    return references.linked(
        line, statute=statute, article=article, paragraph=paragraph, on=on or None
    )
