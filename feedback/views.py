"""Is this page useful? and Report a problem with this page.

Every public page carries a small form that posts Yes or No here, and a link to the
form for a problem. Those pages are cached for everyone, so they carry no per-visitor
token: this endpoint takes no session and no CSRF token. It acts with nobody's
authority (all it can do is add a row that staff read), and it is limited per address,
the address our proxies saw (portal.proxies: nothing a client sends picks its bucket).
A field hidden from people catches robots that fill in every field. The form and the
thanks are never cached. Nothing about the sender is stored (feedback.models).
"""

import ipaddress
import logging

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.core import is_ratelimited
from redis.exceptions import RedisError

from feedback.forms import FeedbackForm, token_for
from feedback.models import Feedback
from feedback.routing import is_public_page, page_region
from portal.proxies import client_address

logger = logging.getLogger(__name__)

RATE = "10/10m"  # answers and reports from one address in ten minutes


def _address(group: str, request: HttpRequest) -> str:
    """The sender's address, or its /64 for IPv6: one household or phone holds a whole
    /64, so counting single addresses there would count nothing."""
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _limited(request: HttpRequest) -> bool:
    """Whether this address sent too much lately (counted in the shared cache). With the
    cache unreachable nothing is counted: the feedback is taken, and it is logged."""
    try:
        return is_ratelimited(
            request, group="feedback", key=_address, rate=RATE, method="POST", increment=True
        )
    except (RedisError, OSError):
        logger.warning("feedback rate limit not applied: the cache is unreachable")
        return False


@never_cache
@csrf_exempt
def give(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        page = request.GET.get("page", "")
        if not is_public_page(page):
            raise Http404(gettext("There is no such page to report a problem with."))
        form = FeedbackForm(initial={"page": page, "about": "problem"})
        return render(request, "feedback/form.html", {"form": form, "page": page})
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    if _limited(request):
        return render(request, "feedback/limited.html", status=429)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        page = "" if "page" in form.errors else form.cleaned_data["page"]
        return render(request, "feedback/form.html", {"form": form, "page": page}, status=400)
    data = form.cleaned_data
    if form.is_robot:
        return render(request, "feedback/thanks.html", {"page": data["page"]})
    answered = data.get("answered")
    if answered is not None:
        answered.comment = data["comment"].strip()
        answered.save(update_fields=["comment"])
        return render(request, "feedback/thanks.html", {"page": data["page"], "added": True})
    feedback = Feedback.objects.create(
        page=data["page"],
        region=page_region(data["page"]),
        kind=form.kind(),
        comment=data["comment"].strip(),
        language=translation.get_language(),
    )
    more = None
    if feedback.kind != Feedback.Kind.PROBLEM:
        more = FeedbackForm(initial={"page": feedback.page, "token": token_for(feedback)})
        if feedback.kind == Feedback.Kind.USEFUL:
            more.fields["comment"].label = gettext("Anything to add?")
    return render(
        request, "feedback/thanks.html", {"page": feedback.page, "feedback": feedback, "more": more}
    )
