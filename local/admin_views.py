"""Views that serve the admin, not citizens."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from guides import admin_views, placeholders
from local.figures import Figures


@staff_member_required
@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The admin's live Markdown preview (guides.admin_views), with its figures filled in
    as the national page shows them today, and a placeholder that names no figure marked."""
    response = admin_views.markdown_preview(request)
    if response.status_code != 200 or b"{{" not in response.content:
        return response
    html = Figures(None, timezone.localdate()).fill(response.content.decode())
    for wrong in placeholders.unknown(html):
        html = html.replace(
            wrong,
            format_html(
                '<strong class="c-figure c-figure--wrong">{}</strong>',
                gettext("No such figure or service: %(name)s") % {"name": wrong},
            ),
        )
    return HttpResponse(html)
