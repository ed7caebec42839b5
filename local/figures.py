"""Which figures hold for a region on a day, and how a page says them.

A city's figure wins over its province's, which wins over the national one, for each
scheme, insurance and kind. Of one region's figures, the one in force on the day counts.
Where none is in force, the latest that ended before it is shown as what it is: the
latest known here, with its period, never as today's. A figure starting later is listed
as coming, and goes live on its first day with no one touching it (pages are kept per
day: portal.cache).
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, pgettext

from guides import placeholders
from local.localize import where_to_pay
from local.models import Figure, Hotline, Office, Service
from local.saying import period, say
from portal.bilingual import shown_language
from portal.templatetags import bilingual
from regions.models import Region

__all__ = [
    "Figures",
    "Shown",
    "figures_today",
    "figures_url",
    "period",
    "read_once",
    "say",
    "service_link",
    "where_to_ask",
]

CURRENT, LATEST, UNKNOWN = "current", "latest", "unknown"


@dataclass
class Shown:
    """A figure as a page shows it: in force, the latest known (out of date), or unknown."""

    key: str
    state: str
    figure: Figure | None = None

    @property
    def known(self) -> bool:
        return self.figure is not None

    @property
    def value(self) -> str:
        return say(self.figure) if self.figure else gettext("not known here for this region")


class Figures:
    """The figures that hold for `region` (None: nationally) on `day`, and the services
    that serve it, each read in one query when first asked for: what a guide's
    placeholders name (guides.placeholders)."""

    def __init__(self, region: Region | None, day: datetime.date, *, proposed=None):
        self.region = region
        self.day = day
        # A figure or service's latest version shown in place of its published words (or
        # added): a preview for its author and reviewer (local.views.preview_item).
        self.proposed = proposed
        chain = [None, *(region.chain if region else [])]
        self.levels = [place.code if place else None for place in chain]
        where = Q(region__isnull=True)
        if region is not None:
            where |= Q(region__in=[code for code in self.levels if code])
        self.where = where
        self._shown: dict[str, Shown] = {}

    @cached_property
    def rows(self) -> list[Figure]:
        """The published figures of these regions, read in one query when first asked for."""
        rows = Figure.objects.published().filter(self.where).select_related("region__parent")
        return self._with_proposed(list(rows), Figure)

    def _with_proposed(self, rows: list, model) -> list:
        item = self.proposed
        if item is None or type(item) is not model:
            return rows
        rows = [row for row in rows if row.pk != item.pk]
        return [*rows, item] if item.region_id in self.levels else rows

    def _nearest_first(self, rows: list[Figure]) -> list[Figure]:
        return sorted(rows, key=lambda row: -self.levels.index(row.region_id))

    def get(self, scheme: str, insurance: str, kind: str) -> Shown:
        name = placeholders.key(scheme, insurance, kind)
        if name not in self._shown:
            rows = self._nearest_first(
                [row for row in self.rows if row.key == name and row.in_force_from <= self.day]
            )
            current = [row for row in rows if row.in_force_on(self.day)]
            if current:
                self._shown[name] = Shown(name, CURRENT, current[0])
            elif rows:
                # The latest period of the nearest region that has one.
                nearest = [row for row in rows if row.region_id == rows[0].region_id]
                latest = max(nearest, key=lambda row: row.in_force_from)
                self._shown[name] = Shown(name, LATEST, latest)
            else:
                self._shown[name] = Shown(name, UNKNOWN)
        return self._shown[name]

    def of_scheme(self, scheme: str) -> list[Shown]:
        """Every figure known here for `scheme`, in the vocabulary's order."""
        shown = []
        for kind in placeholders.Kind.values:
            for insurance in placeholders.Insurance.values:
                found = self.get(scheme, insurance, kind)
                if found.known:
                    shown.append(found)
        return shown

    def coming(self, scheme: str | None = None) -> list[Figure]:
        """Figures of these regions that start after the day, soonest first."""
        rows = [row for row in self.rows if row.in_force_from > self.day]
        if scheme:
            rows = [row for row in rows if row.scheme == scheme]
        return sorted(rows, key=lambda row: (row.in_force_from, row.key))

    @property
    def any_known(self) -> bool:
        return any(row.in_force_from <= self.day for row in self.rows)

    @property
    def any_local(self) -> bool:
        """Whether the region (or its province) has any figure of its own."""
        return any(row.region_id is not None for row in self.rows)

    @property
    def has_demo(self) -> bool:
        return any(row.is_demo for row in self.rows)

    def as_html(self, scheme: str, insurance: str, kind: str) -> str:
        """What a placeholder becomes on the page: the value linked to its source."""
        shown = self.get(scheme, insurance, kind)
        if not shown.known:
            return format_html(
                '<a class="c-figure c-figure--unknown" href="{}">{}</a>',
                figures_url(self.region),
                gettext("not known here for this region")
                if self.region
                else gettext("set by each region (choose yours to see it)"),
            )
        figure = shown.figure
        html = format_html(
            '<a class="c-figure" href="{}">{}</a>', figure.get_absolute_url(), say(figure)
        )
        if figure.is_demo:
            html += format_html(
                ' <span class="c-tag c-tag--demo">{}</span>',
                pgettext("tag on sample local content", "Demonstration"),
            )
        if shown.state == LATEST:
            html += format_html(
                ' <span class="c-figure__period">({})</span>',
                gettext("%(period)s, the latest known here") % {"period": period(figure)},
            )
        return html

    @cached_property
    def services(self) -> dict[str, Service]:
        """The service of each kind that serves the region: its own, else the nearest
        region's above it, else the national one. Read in one query, when first asked for."""
        rows = Service.objects.published().filter(self.where).select_related("region__parent")
        rows = self._with_proposed(list(rows), Service)
        nearest = {}
        for row in sorted(rows, key=lambda row: self.levels.index(row.region_id)):
            nearest[row.kind] = row  # farthest first: a nearer one wins
        return nearest

    def services_listed(self) -> list[Service]:
        """The services that serve the region, in the vocabulary's order."""
        return [self.services[name] for name in placeholders.Service.values
                if name in self.services]  # fmt: skip

    def service_html(self, name: str) -> str:
        """What ``{{ service name }}`` becomes on the page: the service that serves the
        region, linked (a phone line by its number), or its kind in words if none is kept."""
        service = self.services.get(name)
        if service is None:
            return format_html(
                '<span class="c-service c-service--unknown">{}</span>',
                placeholders.Service(name).label,
            )
        return service_link(service)

    def fill(self, html: str) -> str:
        """`html` (a guide's rendered text) with its placeholders filled in."""
        return placeholders.replace(html, self.as_html, self.service_html)


def service_link(service: Service, *, in_a_list: bool = False) -> str:
    """A service in a sentence: its name, linked to it, or with its number to dial, tagged
    if it is demonstration content. In a list, it starts with a capital, and the list says
    where it comes from (regions/includes/services.html)."""
    words = capfirst(service.name) if in_a_list else service.name
    if shown := shown_language(service, "name"):  # not written in the page's language
        name = format_html("<span{}>{}</span>", bilingual.lang_attr(shown), words)
    elif get_language() == "en":  # an English name may quote a Chinese one (掌上12333)
        name = bilingual.mark_chinese(words)
    else:
        name = escape(words)
    if service.by_phone:
        number = service.number
        dial = format_html('<a href="tel:{}">{}</a>', number.replace(" ", ""), number)
        # Translators: a phone line in a sentence, its name then its number: "the tax
        # service hotline, 12366". Keep {name} and {number} as they are.
        html = format_html(pgettext("a phone line in a sentence", "{name}, {number}"),
                           name=name, number=dial)  # fmt: skip
    elif service.url:
        html = format_html('<a class="c-service" href="{}">{}</a>', service.url, name)
    else:
        html = name
    if service.is_demo and not in_a_list:
        html += format_html(
            ' <span class="c-tag c-tag--demo">{}</span>',
            pgettext("tag on sample local content", "Demonstration"),
        )
    return html


def figures_today(request: HttpRequest, region: Region | None) -> Figures:
    """The figures of `region` today, read once per request however many parts of the page
    (the view, the banner, each step) ask for them."""
    return read_once(request.__dict__.setdefault("_figures_today", {}), region)


def read_once(kept: dict, region: Region | None) -> Figures:
    """The figures of `region` today, read into `kept` the first time they are asked for."""
    code = region.code if region else None
    if code not in kept:
        kept[code] = Figures(region, timezone.localdate())
    return kept[code]


def figures_url(region: Region | None, day: datetime.date | None = None) -> str:
    if region is None:
        if day:
            return reverse("local:national_figures_on", kwargs={"day": day})
        return reverse("local:national_figures")
    if day:
        return reverse("local:figures_on", kwargs={"path": region.path, "day": day})
    return reverse("local:figures", kwargs={"path": region.path})


def where_to_ask(region: Region | None) -> tuple[list[Office], list[Hotline]]:
    """The region's own published offices, and the hotlines of the nearest region with any
    (local.localize.where_to_pay)."""
    if region is None:
        return [], []
    codes = [place.code for place in region.chain]  # farthest first
    offices = Office.objects.published().filter(region=region, kind=Office.Kind.OFFICE)
    hotlines = Hotline.objects.published().filter(region__in=codes)
    farthest_first = sorted(hotlines, key=lambda hotline: codes.index(hotline.region_id))
    return where_to_pay(region, list(offices), farthest_first)
