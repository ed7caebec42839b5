"""Citizen pages of the guides app: the home page, a guide (national or for a region), its
printable checklist, and the region chooser."""

import datetime
import json
import re
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext

from guides import lawchanges, placeholders, tree
from guides.models import Citation, Guide, GuideVersion
from guides.pages import ShownGuide, ShownMaterial, ShownMethod, national
from guides.tree import BuiltGuide
from laws.models import Statute, Wording
from portal.cache import cached_object, end_of, lazily
from regions.forms import RegionChooserForm, chooser_regions
from regions.models import Region

# Characters that could end a <script> element or open a comment inside it.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

# The last region a citizen chose, offered again (never forced) on national guides.
REGION_COOKIE = "portal_region"
REGION_COOKIE_AGE = 365 * 24 * 60 * 60


HOME_GUIDES = 10
GUIDES_PER_PAGE = 20


def home(request: HttpRequest) -> HttpResponse:
    guides = GuideVersion.objects.current().order_by("title")
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
    guides = GuideVersion.objects.current().order_by("title")
    page = Paginator(guides, GUIDES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "guides/guide_list.html",
        {
            "page": page,
            "breadcrumbs": [(gettext("Home"), reverse("guides:home")), (gettext("Guides"), None)],
        },
    )


def quote_cited_wording(citations: list[Citation]) -> None:
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


def _howto(request: HttpRequest, shown: ShownGuide, url: str, modified) -> str:
    """schema.org HowTo structured data for search engines, safe inside <script>."""
    url = request.build_absolute_uri(url)
    data = {
        "@context": "https://schema.org",
        "@type": "HowTo",
        "name": shown.guide.title,
        "description": shown.guide.short_answer,
        "url": url,
        "dateModified": modified.isoformat(),
        "supply": [
            {"@type": "HowToSupply", "name": material.label}
            for material in shown.materials
            if material.state != "not_needed"
        ],
        "step": [
            {
                "@type": "HowToStep",
                "position": step.step.position,
                "name": step.step.title,
                "text": placeholders.as_words(
                    step.replacement.text if step.replacement else step.step.body
                ),
                "url": f"{url}#{step.anchor}",
            }
            for step in shown.steps
        ],
    }
    return json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)


def breadcrumbs(guide: Guide, region: Region | None, *last: str) -> list[tuple[str, str | None]]:
    crumbs = [(gettext("Home"), reverse("guides:home"))]
    if region is None:
        crumbs.append((guide.title, guide.get_absolute_url() if last else None))
    else:
        crumbs.append((guide.title, guide.get_absolute_url()))
        local_url = reverse("local:guide", kwargs={"slug": guide.slug, "region": region.path})
        crumbs.append((region.full_name, local_url if last else None))
    return crumbs + [(label, None) for label in last]


def published_or_404(slug: str) -> GuideVersion:
    """The version of the guide at `slug` that citizens read now."""
    return cached_object(
        "published-version",
        slug,
        build=lambda: get_object_or_404(GuideVersion.objects.current(), slug=slug),
    )


def published_content(version: GuideVersion) -> BuiltGuide:
    """The version as objects, each citation quoting the law in force today: the same for
    every region, so kept for all of them."""
    today = timezone.localdate().isoformat()
    return cached_object(
        "guide-content", version.pk, today, build=partial(built_with_quotes, version.data, version)
    )


def built_with_quotes(data: dict, version: GuideVersion | None, guide: Guide | None = None):
    """The guide `data` describes, as a page reads it: a version's, or a working copy's."""
    if guide is None:
        guide = version.guide_as_published()
    built = tree.build(data, guide=guide)
    quote_cited_wording(built.citations)
    lawchanges.attach(built)
    return built


def lazy_content(version: GuideVersion) -> BuiltGuide:
    """published_content(), read only when a page shows something its kept fragments do not
    hold: a page built around them (a visitor with a session) never unpickles the guide."""
    return SimpleLazyObject(partial(published_content, version))


def guide_detail(request: HttpRequest, slug: str) -> HttpResponse:
    version = published_or_404(slug)
    return GuidePage(request, lazy_content(version), None, version=version).render()


def version_on(slug: str, day: datetime.date) -> tuple[GuideVersion, GuideVersion | None]:
    """The version of the guide at `slug` citizens read now, and the one published by the
    end of `day` (None for today or a day to come: a scheduled version is not shown before
    its time). Before the first publication there is none: 404."""
    today = published_or_404(slug)
    if day >= timezone.localdate():
        return today, None
    version = (
        GuideVersion.objects.filter(guide=today.guide_id, published_at__lt=end_of(day))
        .order_by("-published_at", "-number")
        .first()
    )
    if version is None:
        raise Http404(gettext("This guide was first published after that day."))
    return today, version


def guide_on(request: HttpRequest, slug: str, day: datetime.date) -> HttpResponse:
    """The guide as it stood on `day`, from the stored versions (version_on)."""
    today, version = version_on(slug, day)
    if version is None:
        return HttpResponseRedirect(today.get_absolute_url())
    built = built_with_quotes(version.data, version)
    return GuidePage(request, built, None, version=version, as_on=day).render()


class GuidePage:
    """The parts of a guide page, each worked out when first shown.

    The page's content and head are template fragments (``{% fragment %}``), usually
    rendered already for another visitor: then only the version and the region are read.
    A preview shows an editor the guide's working copy instead of a version.
    """

    def __init__(
        self,
        request: HttpRequest,
        built: BuiltGuide,
        place: Region | None,
        *,
        version: GuideVersion | None = None,
        preview: bool = False,
        as_on: datetime.date | None = None,
    ):
        self.request = request
        self.built = built
        # The page's shell names the guide (title, address) from the version, so a page whose
        # content is kept builds nothing else; a preview has no version, only the rows.
        self.guide = version.guide_as_published() if version is not None else built.guide
        self.place = place
        self.version = version
        self.preview = preview
        self.as_on = as_on  # the day of an earlier version, shown as it stood then

    @cached_property
    def local(self) -> ShownGuide:
        """The guide as shown: nationally here; local.views fills in a region's rules."""
        return national(self.built)

    @property
    def feed_url(self) -> str:
        return reverse("guides:feed", kwargs={"slug": self.guide.slug})

    @cached_property
    def legal_basis(self) -> list[Citation]:
        return self.built.legal_basis

    @cached_property
    def untranslated(self) -> bool:
        return self.built.untranslated

    @cached_property
    def canonical_path(self) -> str:
        # A region without local information shows the national page: say so to search engines.
        if self.place and self.local.has_local_content:
            return reverse(
                "local:guide", kwargs={"slug": self.guide.slug, "region": self.place.path}
            )
        return self.guide.get_absolute_url()

    @property
    def howto_json(self) -> str:
        modified = self.version.published_at if self.version else timezone.now()
        return _howto(self.request, self.local, self.canonical_path, modified)

    @property
    def history(self) -> list:
        majors = GuideVersion.objects.filter(
            guide=self.guide.pk, major_change=True, published_at__lte=timezone.now()
        ).order_by("published_at")
        # Not each whole guide: the date and the note, in each language.
        return list(majors.only("slug", "published_at", *tree.in_each_language("change_note")))

    @property
    def chooser(self) -> RegionChooserForm:
        province = self.place.province if self.place else None
        return RegionChooserForm(listed=chooser_regions(province), region=self.place)

    def context(self) -> dict:
        return {
            # The guide whole, for the page's content (its kept fragments); `live` names it.
            "guide": SimpleLazyObject(lambda: self.built.guide),
            "live": self.guide,
            "version": self.version,
            "region": self.place,
            **lazily(
                self,
                "local",
                "legal_basis",
                "canonical_path",
                "howto_json",
                "history",
                "chooser",
                "untranslated",
            ),
            "breadcrumbs": breadcrumbs(self.guide, self.place),
            "preview": self.preview,
            "as_on": self.as_on,
            "feed_url": self.feed_url,
            # A preview and an earlier version are not what the page's fragments keep.
            "cache_fragments": not (self.preview or self.as_on),
        }

    def render(self) -> HttpResponse:
        return render(self.request, "guides/guide_detail.html", self.context())


def working_copy(guide: Guide) -> BuiltGuide:
    """An editor's preview: the guide's rows as they are now, shown as a version would be."""
    return built_with_quotes(tree.data(guide), None, guide=guide)


# A material that names no definite document ("Other materials that may be needed",
# 其他可能需要的材料) cannot be ticked: the checklist says it as a note. A material has no
# field saying so (only a name, original, photocopy and a condition), so its name is read,
# here only, in either language (a text not yet translated is shown as it was written).
NAMES_NO_DEFINITE_DOCUMENT = re.compile(r"other\s+(materials|documents)\b|其[他它].*材料", re.I)


def names_no_definite_document(material: ShownMaterial) -> bool:
    return bool(NAMES_NO_DEFINITE_DOCUMENT.match(material.label))


@dataclass
class Checklist:
    """What the checklist for the counter lists: the materials to tick (those not needed
    here left out), those said as a note instead of a box, and the ways to pay here."""

    to_tick: list[ShownMaterial]
    as_notes: list[ShownMaterial]
    methods: list[ShownMethod]

    @classmethod
    def of(cls, shown: ShownGuide) -> "Checklist":
        needed = [m for m in shown.checklist if m.state != "not_needed"]
        return cls(
            to_tick=[m for m in needed if not names_no_definite_document(m)],
            as_notes=[m for m in needed if names_no_definite_document(m)],
            methods=[m for m in shown.methods if m.state != "unavailable"],
        )


def checklist_page(
    request: HttpRequest, version: GuideVersion, place: Region | None, shown
) -> HttpResponse:
    guide = version.guide_as_published()
    return render(
        request,
        "guides/checklist.html",
        {
            "guide": guide,
            "local": shown,
            "region": place,
            "checklist": SimpleLazyObject(lambda: Checklist.of(shown)),
            # Printed at the foot of the paper copy. The page is kept for everyone, so the
            # day it is printed is filled in by the reader's browser (static/js/checklist.js).
            "page_url": request.build_absolute_uri(request.path),
            "breadcrumbs": breadcrumbs(guide, place, gettext("Checklist of materials")),
        },
    )


def checklist(request: HttpRequest, slug: str) -> HttpResponse:
    version = published_or_404(slug)
    # Only if the content is not cached already.
    shown = SimpleLazyObject(lambda: national(published_content(version)))
    return checklist_page(request, version, None, shown)


def choose_region(request: HttpRequest, slug: str) -> HttpResponse:
    """The region chooser's target: go to the guide for the region chosen, and remember it."""
    version = published_or_404(slug)
    guide = version.guide_as_published()
    if "clear" in request.GET:
        response = HttpResponseRedirect(guide.get_absolute_url())
        response.delete_cookie(REGION_COOKIE, samesite="Lax")
        return response
    submitted = any(name in request.GET for name in ("province", "city", "place"))
    form = RegionChooserForm(request.GET if submitted else None, listed=chooser_regions())
    if form.is_valid() and form.region:
        response = HttpResponseRedirect(
            reverse("local:guide", kwargs={"slug": guide.slug, "region": form.region.path})
        )
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
            "breadcrumbs": breadcrumbs(guide, None, gettext("Choose your region")),
        },
        status=400 if form.errors else 200,
    )
