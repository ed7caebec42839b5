"""Views that serve the admin, not citizens."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from guides.markdown import render


@staff_member_required
@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The admin's live Markdown preview, by the same renderer and sanitiser as the site."""
    return HttpResponse(render(request.POST.get("content", "")))
