"""Citizen pages of the guides app: the home page, a guide, its printable checklist."""

import json

from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from guides.models import Citation, Guide, Step
from laws.models import Statute, Wording

# Characters that could end a <script> element or open a comment inside it.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {"guides": Guide.objects.published(), "statutes": Statute.objects.all()},
    )


def _citations():
    return Citation.objects.select_related("article__statute", "paragraph")


def _guide_with_content(slug: str) -> Guide:
    """The published guide with everything its page shows, in a fixed number of queries."""
    steps = Step.objects.prefetch_related(
        "materials", "payment_methods", Prefetch("citations", queryset=_citations())
    )
    return get_object_or_404(
        Guide.objects.published().prefetch_related(
            Prefetch("steps", queryset=steps),
            Prefetch("legal_basis", queryset=_citations()),
        ),
        slug=slug,
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


def _howto(request: HttpRequest, guide: Guide, steps: list[Step]) -> str:
    """schema.org HowTo structured data for search engines, safe inside <script>."""
    url = request.build_absolute_uri(guide.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "HowTo",
        "name": guide.title,
        "description": guide.short_answer,
        "url": url,
        "dateModified": guide.updated_at.isoformat(),
        "supply": [
            {"@type": "HowToSupply", "name": material.label}
            for step in steps
            for material in step.materials.all()
        ],
        "step": [
            {
                "@type": "HowToStep",
                "position": step.position,
                "name": step.title,
                "text": step.body,
                "url": f"{url}#{step.anchor}",
            }
            for step in steps
        ],
    }
    return json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)


def guide_detail(request: HttpRequest, slug: str) -> HttpResponse:
    guide = _guide_with_content(slug)
    steps = list(guide.steps.all())
    legal_basis = list(guide.legal_basis.all())
    step_citations = [c for step in steps for c in step.citations.all()]
    _quote_cited_wording(step_citations + legal_basis)
    materials = [m for step in steps for m in step.materials.all()]
    methods = [m for step in steps for m in step.payment_methods.all()]
    return render(
        request,
        "guides/guide_detail.html",
        {
            "guide": guide,
            "steps": steps,
            "materials": materials,
            "methods": methods,
            "legal_basis": legal_basis,
            "howto_json": _howto(request, guide, steps),
            "breadcrumbs": [("Home", reverse("guides:home")), (guide.title, None)],
        },
    )


def checklist(request: HttpRequest, slug: str) -> HttpResponse:
    guide = get_object_or_404(Guide.objects.published(), slug=slug)
    steps = list(guide.steps.filter(kind=Step.Kind.MATERIALS).prefetch_related("materials"))
    return render(
        request,
        "guides/checklist.html",
        {
            "guide": guide,
            "materials": [m for step in steps for m in step.materials.all()],
            "breadcrumbs": [
                ("Home", reverse("guides:home")),
                (guide.title, guide.get_absolute_url()),
                ("Checklist of materials", None),
            ],
        },
    )
