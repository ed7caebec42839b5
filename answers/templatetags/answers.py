"""What guided answers lend other pages: the first question's answers (the home page)."""

from django import template

from answers.views import WHO

register = template.Library()


@register.simple_tag
def answer_choices():
    return list(WHO.values())
