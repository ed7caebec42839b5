"""Citizen pages of the guides app: the home page, a guide (national or for a region), its
printable checklist, and the region chooser."""

import json
from functools import partial

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property

from guides.localize import LocalGuide, localize
from guides.models import Citation, Guide, Step
from guides.publishing import publish_due
from laws.models import Statute, Wording
from portal.cache import cached_object, lazily
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
            # Querysets and a lazy count: they are read only if the content is not cached.
            "guides": guides[:HOME_GUIDES],
            "guide_count": SimpleLazyObject(guides.count),
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


def _content_lookups() -> list[Prefetch]:
    """Everything a guide page shows, fetched in a fixed number of queries."""
    steps = Step.objects.prefetch_related(
        "materials", "payment_methods", Prefetch("citations", queryset=_citations())
    )
    return [Prefetch("steps", queryset=steps), Prefetch("legal_basis", queryset=_citations())]


def _with_content(guides):
    return guides.prefetch_related(*_content_lookups())


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


def _published_guide_or_404(slug: str) -> Guide:
    return cached_object(
        "published-guide",
        slug,
        build=lambda: get_object_or_404(Guide.objects.published(), slug=slug),
    )


def guide_detail(request: HttpRequest, slug: str, region: str | None = None) -> HttpResponse:
    place = get_region_or_404(region) if region else None
    publish_due(slug=slug)  # a scheduled change goes live on the first request after its time
    guide = _published_guide_or_404(slug)
    return render_guide(request, guide, place)


class GuidePage:
    """The parts of a guide page, each worked out when first shown.

    The page's content and head are template fragments (``{% fragment %}``), usually
    rendered already for another visitor: then only the guide and the region are read.
    """

    def __init__(
        self, request: HttpRequest, guide: Guide, place: Region | None, *, preview: bool = False
    ):
        self.request = request
        self.guide = guide
        self.place = place
        self.preview = preview
        self.live = guide.draft_of if guide.draft_of_id else guide

    @cached_property
    def content(self) -> Guide:
        """The guide with its steps, their items and citations, each citation quoting the
        law in force today: the same for every region, so kept for all of them."""
        if self.preview:  # a draft changes with every save
            return _with_quotes(self.guide)
        today = timezone.localdate().isoformat()
        build = partial(_with_quotes, self.guide)
        return cached_object("guide-content", self.guide.pk, today, build=build)

    @cached_property
    def local(self) -> LocalGuide:
        return localize(guide=self.content, region=self.place)

    @cached_property
    def legal_basis(self) -> list[Citation]:
        return list(self.content.legal_basis.all())

    @cached_property
    def canonical_path(self) -> str:
        # A region without local information shows the national page: say so to search engines.
        if self.place and self.local.has_local_content:
            return reverse_localized(self.live.slug, self.place)
        return self.live.get_absolute_url()

    @property
    def howto_json(self) -> str:
        return _howto(self.request, self.local, self.canonical_path)

    @property
    def history(self) -> list:
        majors = self.live.versions.filter(major_change=True).order_by("published_at")
        return list(majors.only("published_at", "change_note"))  # not each whole guide

    @property
    def chooser(self) -> RegionChooserForm:
        province = self.place.province if self.place else None
        return RegionChooserForm(listed=chooser_regions(province), region=self.place)

    def context(self) -> dict:
        return {
            "guide": self.guide,
            "live": self.live,
            "region": self.place,
            **lazily(
                self, "local", "legal_basis", "canonical_path", "howto_json", "history", "chooser"
            ),
            "breadcrumbs": _breadcrumbs(self.live, self.place),
            "preview": self.preview,
            "cache_fragments": not self.preview,
        }


def _with_quotes(guide: Guide) -> Guide:
    """`guide` with its content fetched, each citation quoting the wording it cites."""
    prefetch_related_objects([guide], *_content_lookups())  # unless already fetched
    step_citations = [c for step in guide.steps.all() for c in step.citations.all()]
    _quote_cited_wording(step_citations + list(guide.legal_basis.all()))
    return guide


def render_guide(
    request: HttpRequest, guide: Guide, place: Region | None, *, preview: bool = False
) -> HttpResponse:
    """The guide page, for citizens or (preview) for an editor looking at a draft."""
    page = GuidePage(request, guide, place, preview=preview)
    return render(request, "guides/guide_detail.html", page.context())


def checklist(request: HttpRequest, slug: str, region: str | None = None) -> HttpResponse:
    place = get_region_or_404(region) if region else None
    publish_due(slug=slug)  # as on the guide page: a due change goes live first
    guide = _published_guide_or_404(slug)

    def materials() -> LocalGuide:  # only if the content is not cached already
        steps = guide.steps.filter(kind=Step.Kind.MATERIALS).prefetch_related("materials")
        return localize(guide=guide, region=place, steps=steps)

    local = SimpleLazyObject(materials)
    return render(
        request,
        "guides/checklist.html",
        {
            "guide": guide,
            "local": local,
            "region": place,
            "materials": SimpleLazyObject(lambda: local.materials),
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
