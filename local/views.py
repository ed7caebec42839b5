"""Citizen pages of local rules: every region, what differs in one, and a guide for a region."""

import datetime
from itertools import groupby

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext

from guides.models import Guide, GuideVersion, Step
from guides.pages import ShownGuide
from guides.placeholders import Scheme
from guides.views import (
    GuidePage,
    built_with_quotes,
    checklist_page,
    lazy_content,
    published_content,
    published_or_404,
    version_on,
    working_copy,
)
from local.figures import Figures, figures_today, figures_url, where_to_ask
from local.localize import (
    Variations,
    as_published,
    collect_variations,
    current_versions,
    localize,
)
from local.models import (
    EARLIEST_PERIOD,
    LATEST_PERIOD,
    LOCAL_MODELS,
    Figure,
    GuideChange,
    LocalContent,
    Service,
)
from portal.cache import end_of, lazily
from regions.models import Region
from regions.views import get_region_or_404

GUIDES_LISTED = 10


def regions_with_local_content() -> set[str]:
    """Codes of the regions that publish at least one local item."""
    codes: set[str] = set()
    for model in LOCAL_MODELS:
        codes.update(model.objects.published().values_list("region_id", flat=True).distinct())
    codes.discard(None)  # national figures
    return codes


def region_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "regions/region_list.html",
        {
            # Worked out only if the page's content is not cached already.
            "provinces": SimpleLazyObject(Region.objects.provinces_with_cities),
            "with_content": SimpleLazyObject(regions_with_local_content),
            "breadcrumbs": [
                (gettext("Home"), reverse("guides:home")),
                (gettext("Local rules"), None),
            ],
        },
    )


class RegionRules:
    """What differs in a region, grouped as its page shows it."""

    def __init__(self, region: Region):
        self.region = region

    @cached_property
    def variations(self) -> Variations:
        return collect_variations(region=self.region)

    @property
    def has_content(self) -> bool:
        return bool(self.variations.items())

    @property
    def has_demo(self) -> bool:
        return any(item.is_demo for item in self.variations.items())

    @cached_property
    def changes_by_guide(self) -> list[tuple[GuideVersion, list[tuple[Step, list]]]]:
        """Each guide with changes here, as published, and its changed steps as published,
        each with its changes. A change to something not yet published is not shown."""
        changes = self.variations.changes()
        versions = current_versions(changes)
        shown = as_published(changes, versions)
        published = {version.guide_id: version for version in versions}
        shown.sort(
            key=lambda c: (published[c.step.guide_id].title, c.shown_step.position, c.step_id)
        )
        return [
            (
                published[guide_id],
                [
                    (changes[0].shown_step, changes)
                    for _, group in groupby(items, lambda change: change.step_id)
                    for changes in [list(group)]
                ],
            )
            for guide_id, group in groupby(shown, key=lambda change: change.step.guide_id)
            for items in [list(group)]
        ]


def region_detail(request: HttpRequest, path: str) -> HttpResponse:
    region = get_region_or_404(path)
    breadcrumbs = [
        (gettext("Home"), reverse("guides:home")),
        (gettext("Local rules"), reverse("local:index")),
    ]
    if region.is_city:
        breadcrumbs.append((region.parent.name, region.parent.get_absolute_url()))
    breadcrumbs.append((region.name, None))
    return render(
        request,
        "regions/region_detail.html",
        {
            "region": region,
            **lazily(
                RegionRules(region), "variations", "has_content", "has_demo", "changes_by_guide"
            ),
            # Where nothing differs, the first guides, each for this region (all: /guides/).
            "guides": GuideVersion.objects.current().order_by("title")[:GUIDES_LISTED],
            "cities": region.children.all() if not region.is_city else [],
            "breadcrumbs": breadcrumbs,
        },
    )


class LocalGuidePage(GuidePage):
    """A guide page for a region: the national guide with the region's rules in it."""

    proposed = None  # a local item previewed in it (preview_item)

    @cached_property
    def local(self) -> ShownGuide:
        # An earlier day's page shows the region's rules as they stood at its end.
        before = end_of(self.as_on) if self.as_on else None
        return localize(built=self.built, region=self.place, before=before, proposed=self.proposed)

    def context(self) -> dict:
        return {**super().context(), "previewed_item": self.proposed}

    @property
    def feed_url(self) -> str:
        return reverse(
            "local:guide_feed", kwargs={"slug": self.guide.slug, "region": self.place.path}
        )

    @cached_property
    def canonical_path(self) -> str:
        # A region with figures of its own shows them in the guide: its page is its own.
        if figures_today(self.request, self.place).any_local:
            return reverse(
                "local:guide", kwargs={"slug": self.guide.slug, "region": self.place.path}
            )
        return super().canonical_path


def guide_detail(request: HttpRequest, slug: str, region: str) -> HttpResponse:
    place = get_region_or_404(region)
    version = published_or_404(slug)
    return LocalGuidePage(request, lazy_content(version), place, version=version).render()


def guide_on(request: HttpRequest, slug: str, region: str, day: datetime.date) -> HttpResponse:
    """The guide for a region as it stood on `day`: the version then, with the region's
    rules as they read at the end of that day (local.history.as_they_stood)."""
    place = get_region_or_404(region)
    today, version = version_on(slug, day)
    if version is None:
        return HttpResponseRedirect(
            reverse("local:guide", kwargs={"slug": today.slug, "region": place.path})
        )
    built = built_with_quotes(version.data, version)
    return LocalGuidePage(request, built, place, version=version, as_on=day).render()


def checklist(request: HttpRequest, slug: str, region: str) -> HttpResponse:
    place = get_region_or_404(region)
    version = published_or_404(slug)

    def materials() -> ShownGuide:  # only if the content is not cached already
        return localize(built=published_content(version), region=place)

    return checklist_page(request, version, place, SimpleLazyObject(materials))


def preview_for_region(request: HttpRequest, pk: int, region: str) -> HttpResponse:
    """An editor's preview of a guide's working copy with a region's rules in it (routed in
    the admin, portal.sites)."""
    if not request.user.has_perm("guides.view_guide"):
        raise PermissionDenied  # before looking: which guides exist is not told
    guide = Guide.objects.filter(pk=pk).first()
    if guide is None:
        raise Http404(gettext("No such guide."))
    place = get_region_or_404(region)
    response = LocalGuidePage(request, working_copy(guide), place, preview=True).render()
    response["X-Robots-Tag"] = "noindex"
    return response


class FiguresPage:
    """A region's figures (or the national ones) on a day: by scheme, each with its source
    and period, and what is coming."""

    def __init__(self, region: Region | None, day: datetime.date, proposed=None):
        self.region = region
        self.day = day
        self.proposed = proposed

    @cached_property
    def figures(self) -> Figures:
        return Figures(self.region, self.day, proposed=self.proposed)

    @cached_property
    def schemes(self) -> list[tuple[str, str, list]]:
        return [(scheme, label, self.figures.of_scheme(scheme)) for scheme, label in Scheme.choices]

    @cached_property
    def coming(self) -> list:
        return self.figures.coming()

    @cached_property
    def any_local(self) -> bool:
        return self.figures.any_local

    @cached_property
    def has_demo(self) -> bool:
        return self.figures.has_demo

    @cached_property
    def where_to_ask(self) -> tuple:
        return where_to_ask(self.region)


def figures_page(
    request: HttpRequest, path: str | None = None, day: datetime.date | None = None
) -> HttpResponse:
    region = get_region_or_404(path) if path else None
    today = timezone.localdate()
    dated = day is not None
    if dated and not EARLIEST_PERIOD <= day <= LATEST_PERIOD:
        raise Http404(gettext("No figures are kept for that day."))
    day = day or today
    return render_figures(request, region, day, dated=dated)


def render_figures(request, region, day, *, dated: bool, proposed=None) -> HttpResponse:
    today = timezone.localdate()
    page = FiguresPage(region, day, proposed)
    breadcrumbs = [(gettext("Home"), reverse("guides:home"))]
    if region is not None:
        breadcrumbs.append((gettext("Local rules"), reverse("local:index")))
        if region.is_city:
            breadcrumbs.append((region.parent.name, region.parent.get_absolute_url()))
        breadcrumbs.append((region.name, region.get_absolute_url()))
    breadcrumbs.append((gettext("Figures"), None))
    return render(
        request,
        "regions/figures.html",
        {
            "region": region,
            "day": day,
            "dated": dated,
            "today": today,
            "today_url": figures_url(region),
            **lazily(page, "schemes", "coming", "any_local", "has_demo", "where_to_ask"),
            "breadcrumbs": breadcrumbs,
            "previewed_item": proposed,
            "cache_fragments": proposed is None,  # a preview is not what citizens read
        },
    )


def preview_item(request: HttpRequest, item: LocalContent) -> HttpResponse:
    """A local item's latest version (a draft, or a change waiting for review) shown in the
    page citizens would see it on: its guide for its region (an office or hotline: the
    first guide published), with every other rule as published. For its author and its
    reviewer; the admin checks who may see it (local.admin)."""
    if isinstance(item, Figure):  # on its region's figures page
        day = max(timezone.localdate(), item.in_force_from or timezone.localdate())
        response = render_figures(request, item.region, day, dated=False, proposed=item)
        response["X-Robots-Tag"] = "noindex"
        return response
    if isinstance(item, Service):  # what the pages read for its region says it is
        if item.region is None:
            raise Http404(gettext("A national service is not shown in a region's guide."))
        kept = request.__dict__.setdefault("_figures_today", {})
        code = item.region.code if item.region else None
        kept[code] = Figures(item.region, timezone.localdate(), proposed=item)
    if isinstance(item, GuideChange):
        guide_id = item.step.guide_id
        version = GuideVersion.objects.current().filter(guide=guide_id).first()
    else:
        version = GuideVersion.objects.current().order_by("published_at", "pk").first()
    if version is None:
        raise Http404(gettext("The guide it belongs to is not on the site."))
    page = LocalGuidePage(
        request, published_content(version), item.region, version=version, preview=True
    )
    page.proposed = item
    response = page.render()
    response["X-Robots-Tag"] = "noindex"
    return response
