"""The admin's own pages (review, history, confirmations) drawn like Django's."""

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse


def admin_page(
    request: HttpRequest, template: str, title: str, *, opts=None, status: int = 200, **context
) -> TemplateResponse:
    """A page of the admin site: its header, breadcrumbs' model (`opts`), and `context`."""
    return TemplateResponse(
        request,
        template,
        {**admin.site.each_context(request), "title": title, "opts": opts, **context},
        status=status,
    )
