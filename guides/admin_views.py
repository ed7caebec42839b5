"""Views that serve the admin, not citizens."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.html import escape
from django.views.decorators.http import require_POST

from guides.markdown import MarkdownError, render


@staff_member_required
@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The admin's live Markdown preview, by the same renderer and sanitiser as the site."""
    try:
        html = render(request.POST.get("content", ""))
    except MarkdownError as exc:
        # markdownx puts whatever comes back into the preview pane, so the editor reads
        # why there instead of a stale preview.
        return HttpResponseBadRequest(escape(str(exc)), content_type="text/plain; charset=utf-8")
    return HttpResponse(html)
