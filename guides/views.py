"""Citizen pages of the guides app: the home page, a guide (national or for a region), its
printable checklist, and the region chooser."""

import json

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from guides.localize import LocalGuide, localize
from guides.models import Citation, Guide, Step
from guides.publishing import publish_due
from laws.models import Statute, Wording
from regions.forms import RegionChooserForm, chooser_regions
from regions.models import Region, reverse_localized
from regions.views import get_region_or_404

# Characters that could end a <script> element or open a comment inside it.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

# The last region a citizen chose, offered again (never forced) on national guides.
REGION_COOKIE = "portal_region"
REGION_COOKIE_AGE = 365 * 24 * 60 * 60


HOME_GUIDES = 10
GUIDES_PER_PAGE = 20


def home(request: HttpRequest) -> HttpResponse:
    guides = Guide.objects.published()
    return render(
        request,
        "home.html",
        {
            "guides": guides[:HOME_GUIDES],
            "guide_count": guides.count(),
            "statutes": Statute.objects.all(),
        },
    )


def guide_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(Guide.objects.published(), GUIDES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "guides/guide_list.html",
        {
            "page": page,
            "breadcrumbs": [("Home", reverse("guides:home")), ("Guides", None)],
        },
    )


def _citations():
    return Citation.objects.select_related("article__statute", "paragraph")


def _with_content(guides):
    """Guides with everything their page shows, in a fixed number of queries."""
    steps = Step.objects.prefetch_related(
        "materials", "payment_methods", Prefetch("citations", queryset=_citations())
    )
    return guides.prefetch_related(
        Prefetch("steps", queryset=steps),
        Prefetch("legal_basis", queryset=_citations()),
    )


def _quote_cited_wording(citations: list[Citation]) -> None:
    """Attach to each citation the wording it cites, as in force today (one query)."""
    paragraphs = {c.paragraph_id for c in citations if c.paragraph_id}
    articles = {c.article_id for c in citations if not c.paragraph_id}
    if not citations:
        return
    wordings = (
        Wording.objects.in_force(on=timezone.localdate())
        .filter(Q(paragraph__in=paragraphs) | Q(paragraph__article__in=articles))
        .select_related("paragraph")
        .order_by("paragraph__number")
    )
    by_paragraph: dict[int, Wording] = {}
    by_article: dict[int, list[Wording]] = {}
    for wording in wordings:
        by_paragraph[wording.paragraph_id] = wording
        by_article.setdefault(wording.paragraph.article_id, []).append(wording)
    for citation in citations:
        if citation.paragraph_id:
            found = by_paragraph.get(citation.paragraph_id)
            citation.quoted = [found] if found else []
        else:
            citation.quoted = by_article.get(citation.article_id, [])


def _howto(request: HttpRequest, local: LocalGuide, url: str) -> str:
    """schema.org HowTo structured data for search engines, safe inside <script>."""
    url = request.build_absolute_uri(url)
    data = {
        "@context": "https://schema.org",
        "@type": "HowTo",
        "name": local.guide.title,
        "description": local.guide.short_answer,
        "url": url,
        "dateModified": local.guide.updated_at.isoformat(),
        "supply": [
            {"@type": "HowToSupply", "name": material.label}
            for material in local.materials
            if material.state != "not_needed"
        ],
        "step": [
            {
                "@type": "HowToStep",
                "position": step.step.position,
                "name": step.step.title,
                "text": step.replacement.text if step.replacement else step.step.body,
                "url": f"{url}#{step.anchor}",
            }
            for step in local.steps
        ],
    }
    return json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)


def _breadcrumbs(guide: Guide, region: Region | None, *last: str) -> list[tuple[str, str | None]]:
    crumbs = [("Home", reverse("guides:home"))]
    if region is None:
        crumbs.append((guide.title, guide.get_absolute_url() if last else None))
    else:
        crumbs.append((guide.title, guide.get_absolute_url()))
        local_url = reverse_localized(guide.slug, region)
        crumbs.append((region.full_name_en, local_url if last else None))
    return crumbs + [(label, None) for label in last]


def guide_detail(request: HttpRequest, slug: str, region: str | None = None) -> HttpResponse:
    place = get_region_or_404(region) if region else None
    publish_due(slug=slug)  # a scheduled change goes live on the first request after its time
    guide = get_object_or_404(_with_content(Guide.objects.published()), slug=slug)
    return render_guide(request, guide, place)


def render_guide(
    request: HttpRequest, guide: Guide, place: Region | None, *, preview: bool = False
) -> HttpResponse:
    """The guide page, for citizens or (preview) for an editor looking at a draft."""
    local = localize(guide=guide, region=place)
    legal_basis = list(guide.legal_basis.all())
    step_citations = [c for step in local.steps for c in step.step.citations.all()]
    _quote_cited_wording(step_citations + legal_basis)
    live = guide.draft_of if guide.draft_of_id else guide
    # A region without local information shows the national page: say so to search engines.
    canonical = (
        reverse_localized(live.slug, place)
        if place and local.has_local_content
        else live.get_absolute_url()
    )
    return render(
        request,
        "guides/guide_detail.html",
        {
            "guide": guide,
            "live": live,
            "local": local,
            "region": place,
            "legal_basis": legal_basis,
            "history": list(live.versions.filter(major_change=True).order_by("published_at")),
            "canonical_path": canonical,
            "howto_json": _howto(request, local, canonical),
            "chooser": RegionChooserForm(
                listed=chooser_regions(place.province if place else None), region=place
            ),
            "breadcrumbs": _breadcrumbs(live, place),
            "preview": preview,
        },
    )


def checklist(request: HttpRequest, slug: str, region: str | None = None) -> HttpResponse:
    place = get_region_or_404(region) if region else None
    publish_due(slug=slug)  # as on the guide page: a due change goes live first
    guide = get_object_or_404(Guide.objects.published(), slug=slug)
    steps = guide.steps.filter(kind=Step.Kind.MATERIALS).prefetch_related("materials")
    local = localize(guide=guide, region=place, steps=steps)
    return render(
        request,
        "guides/checklist.html",
        {
            "guide": guide,
            "local": local,
            "region": place,
            "materials": local.materials,
            "breadcrumbs": _breadcrumbs(guide, place, "Checklist of materials"),
        },
    )


def choose_region(request: HttpRequest, slug: str) -> HttpResponse:
    """The region chooser's target: go to the guide for the region chosen, and remember it."""
    guide = get_object_or_404(Guide.objects.published(), slug=slug)
    if "clear" in request.GET:
        response = HttpResponseRedirect(guide.get_absolute_url())
        response.delete_cookie(REGION_COOKIE, samesite="Lax")
        return response
    submitted = any(name in request.GET for name in ("province", "city", "place"))
    form = RegionChooserForm(request.GET if submitted else None, listed=chooser_regions())
    if form.is_valid() and form.region:
        response = HttpResponseRedirect(reverse_localized(guide.slug, form.region))
        response.set_cookie(
            REGION_COOKIE,
            form.region.code,
            max_age=REGION_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=False,  # read by the guide page's script to offer it again
        )
        return response
    return render(
        request,
        "guides/choose_region.html",
        {
            "guide": guide,
            "chooser": form,
            "candidates": form.candidates,
            "breadcrumbs": _breadcrumbs(guide, None, "Choose your region"),
        },
        status=400 if form.errors else 200,
    )
