"""Guided answers ("Which applies to me?") and the calculators.

Each answer lives in the address (/answers/pay/flexible/310000/registered/), so a page
can be shared, kept by the page cache and gone back to with the Back button; nothing is
kept in a session. The outcome is drawn from the scheme's guide as published, with the
region's local rules in it, and from the region's figures: never a second copy of them.
"""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from answers import basis, calculators
from answers.forms import FlexibleForm, LateFeeForm, ResidentForm
from guides.pages import ShownGuide
from guides.placeholders import Insurance, Kind, Scheme
from guides.views import published_content, published_or_404
from local.figures import CURRENT, Figures, figures_today, figures_url, where_to_ask
from local.localize import localize
from local.models import Figure
from portal.cache import lazily
from regions.forms import RegionChooserForm, chooser_regions
from regions.models import Region


@dataclass(frozen=True)
class Who:
    slug: str
    label: object
    hint: object
    scheme: str
    guide: str  # the slug of the guide the outcome is drawn from
    asks_registered: bool


WHO = {
    who.slug: who
    for who in [
        Who("employee", _("An employee"), _("You work for an employer, who pays for you."),
            Scheme.EMPLOYEE, "employees", False),
        Who("flexible", _("A flexible worker"),
            _("Self-employed without employees, part-time, or in other flexible work "
              "(<span lang=\"zh-Hans\">灵活就业人员</span>)."),
            Scheme.FLEXIBLE, "flexible-workers", True),
        Who("resident", _("An urban or rural resident"),
            _("Not in work that is insured: you pay the residents’ pension and medical "
              "insurance (<span lang=\"zh-Hans\">城乡居民</span>)."),
            Scheme.RESIDENT, "urban-rural-residents", True),
        Who("employer", _("An employer"), _("You employ people and pay for them."),
            Scheme.EMPLOYEE, "employees", True),
    ]
}  # fmt: skip
REGISTERED = {"registered": True, "not-registered": False}


def _who(slug: str) -> Who:
    if slug not in WHO:
        raise Http404(gettext("No such answer."))
    return WHO[slug]


def _region(code: str) -> Region:
    region = Region.objects.select_related("parent").filter(code=code).first()
    if region is None:
        raise Http404(gettext("No such region"))
    return region


def _crumbs(*trail) -> list:
    return [(gettext("Home"), reverse("guides:home")), *trail]


def start(request: HttpRequest) -> HttpResponse:
    """The first question: who are you?"""
    return render(
        request,
        "answers/start.html",
        {"choices": WHO.values(), "breadcrumbs": _crumbs((gettext("Which applies to me?"), None))},
    )


def where(request: HttpRequest, who: str) -> HttpResponse:
    """The second question: where do you pay? A GET form; a choice goes on to the next
    address, so the answer is in the URL."""
    answer = _who(who)
    submitted = any(name in request.GET for name in ("province", "city", "place"))
    form = RegionChooserForm(request.GET if submitted else None, listed=chooser_regions())
    if form.is_valid() and form.region:
        return HttpResponseRedirect(reverse("answers:region", args=[who, form.region.code]))
    return render(
        request,
        "answers/where.html",
        {
            "who": answer,
            "chooser": form,
            "candidates": form.candidates,
            "breadcrumbs": _crumbs(
                (gettext("Which applies to me?"), reverse("answers:start")),
                (answer.label, None),
            ),
        },
        status=400 if form.errors else 200,
    )


def region(request: HttpRequest, who: str, code: str) -> HttpResponse:
    """The third question where it matters (are you registered yet?), else the outcome."""
    answer = _who(who)
    place = _region(code)
    if not answer.asks_registered:
        return outcome(request, who, code, None)
    return render(
        request,
        "answers/registered.html",
        {
            "who": answer,
            "region": place,
            "breadcrumbs": _crumbs(
                (gettext("Which applies to me?"), reverse("answers:start")),
                (answer.label, reverse("answers:where", args=[who])),
                (place.full_name, None),
            ),
        },
    )


class Outcome:
    """What applies to `who` in `region`: registration, who collects, how much, by when,
    how to pay, what to bring, and the law behind each. Each part is worked out only if
    the page is not kept already."""

    def __init__(self, request: HttpRequest, who: Who, region: Region, registered: bool | None):
        self.request = request
        self.who = who
        self.region = region
        self.registered = registered
        self.today = timezone.localdate()

    @cached_property
    def guide(self) -> ShownGuide | None:
        try:
            version = published_or_404(self.who.guide)
        except Http404:
            return None
        return localize(built=published_content(version), region=self.region)

    def steps_of(self, kind: str) -> list:
        return [step for step in self.guide.steps if step.step.kind == kind] if self.guide else []

    @cached_property
    def register_steps(self) -> list:
        # An employer's registration is its own (answers/outcome.html), not its employees'.
        if self.registered or self.who.slug == "employer":
            return []
        return self.steps_of("register")

    @cached_property
    def method_steps(self) -> list:
        return self.steps_of("methods")

    @cached_property
    def checklist(self) -> list:
        return self.guide.checklist if self.guide else []

    @cached_property
    def figures(self) -> Figures:
        # Shared with the templates that ask for them (the services, a step's figures).
        return figures_today(self.request, self.region)

    @cached_property
    def amounts(self) -> list:
        wanted = {Kind.DEADLINE_DAY, Kind.WINDOW, Kind.COLLECTOR, Kind.REGISTRAR}
        return [shown for shown in self.figures.of_scheme(self.who.scheme)
                if shown.figure.kind not in wanted]  # fmt: skip

    def _one(self, kind: str):
        for insurance in Insurance.values:
            shown = self.figures.get(self.who.scheme, insurance, kind)
            if shown.known:
                return shown
        return None

    @cached_property
    def deadline(self):
        return self._one(Kind.DEADLINE_DAY) or self._one(Kind.WINDOW)

    @cached_property
    def collector(self):
        return self._one(Kind.COLLECTOR)

    @cached_property
    def minimum(self):
        """A flexible worker's least monthly contribution: the lowest base at the rates."""
        if self.who.scheme != Scheme.FLEXIBLE:
            return None
        return flexible_result(self.figures, self.region, base=None, share=None)

    @cached_property
    def local_amounts(self) -> bool:
        """Whether any amount shown is the region's own (or its province's), not a
        national rule: if not, the page says that none of its own is known here."""
        return any(shown.figure.region_id is not None for shown in self.amounts)

    @cached_property
    def where_to_ask(self) -> tuple:
        return where_to_ask(self.region)

    @property
    def url(self) -> str:
        if self.registered is None:
            return reverse("answers:region", args=[self.who.slug, self.region.code])
        slug = _registered_slug(self.registered)
        return reverse("answers:outcome", args=[self.who.slug, self.region.code, slug])

    @cached_property
    def structured_data(self) -> str:
        data = {
            "@context": "https://schema.org",
            "@type": "GovernmentService",
            "name": title_of(self.who, self.region),
            "serviceType": gettext("Social insurance contributions"),
            "areaServed": {"@type": "AdministrativeArea", "name": self.region.full_name},
            "audience": {"@type": "Audience", "audienceType": str(self.who.label)},
            "url": self.url,
        }
        return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def _registered_slug(registered: bool | None) -> str:
    return "registered" if registered else "not-registered"


def title_of(who: Who, region: Region) -> str:
    names = {"region": region.full_name}
    titles = {
        "employee": gettext("Social insurance as an employee in %(region)s"),
        "flexible": gettext("Paying social insurance as a flexible worker in %(region)s"),
        "resident": gettext("Paying residents’ social insurance in %(region)s"),
        "employer": gettext("Paying social insurance as an employer in %(region)s"),
    }
    return titles[who.slug] % names


OUTCOME_PARTS = [
    "guide", "register_steps", "method_steps", "checklist", "amounts", "deadline", "collector",
    "minimum", "where_to_ask", "structured_data", "local_amounts",
]  # fmt: skip


def outcome(request: HttpRequest, who: str, code: str, registered: str | None) -> HttpResponse:
    answer = _who(who)
    place = _region(code)
    if registered is not None and registered not in REGISTERED:
        raise Http404(gettext("No such answer."))
    is_registered = REGISTERED.get(registered) if registered is not None else None
    if answer.asks_registered != (registered is not None):
        raise Http404(gettext("No such answer."))  # a question this answer never asks
    page = Outcome(request, answer, place, is_registered)
    trail = [
        (gettext("Which applies to me?"), reverse("answers:start")),
        (answer.label, reverse("answers:where", args=[who])),
    ]
    if answer.asks_registered:
        trail.append((place.full_name, reverse("answers:region", args=[who, code])))
    trail.append((gettext("Your answer"), None))
    return render(
        request,
        "answers/outcome.html",
        {
            "who": answer,
            "region": place,
            "registered": is_registered,
            "registered_slug": registered or "",
            "title": title_of(answer, place),
            "figures_url": figures_url(place),
            "collects_basis": basis.COLLECTS,
            "amount_basis": basis.AMOUNTS[answer.scheme],
            "late_basis": [basis.LATE_FEE],
            "employer_registration": basis.EMPLOYER_REGISTRATION,
            **lazily(page, *OUTCOME_PARTS),
            "breadcrumbs": _crumbs(*trail),
        },
    )


# --- Calculators --------------------------------------------------------------------


def regions_with(scheme: str, kinds: set[str]) -> list[Region]:
    """Regions (not the nation) with a published figure of these kinds for `scheme`."""
    codes = set(
        Figure.objects.published()
        .filter(scheme=scheme, kind__in=kinds, region__isnull=False)
        .values_list("region_id", flat=True)
    )
    return list(Region.objects.filter(code__in=codes).select_related("parent").order_by("code"))


@dataclass
class FlexibleResult:
    base: Decimal
    lines: list
    total: Decimal
    used: list  # the Shown figures the result rests on
    stale: bool  # one of them is only the latest known, not in force on the day
    share: Decimal | None = None
    error: str = ""
    day: datetime.date | None = None

    @classmethod
    def refused(cls, used: list, error: str, base: Decimal = Decimal(0)) -> "FlexibleResult":
        """No amounts: the reason, and the figures that would bound the base."""
        return cls(base, [], Decimal(0), used, False, error=error)


def flexible_result(figures: Figures, region: Region, *, base, share) -> FlexibleResult | None:
    """A flexible worker's monthly contributions in `region` on `figures.day`: on `base`,
    on `share` percent of the average wage, or on the lowest base. None if no rate is known."""
    scheme = Scheme.FLEXIBLE
    rates = []
    for insurance in Insurance.values:
        shown = figures.get(scheme, insurance, Kind.RATE)
        if shown.known and insurance != Insurance.ALL:
            rates.append(shown)
    if not rates:
        return None
    floor = figures.get(scheme, Insurance.ALL, Kind.BASE_FLOOR)
    ceiling = figures.get(scheme, Insurance.ALL, Kind.BASE_CEILING)
    average = figures.get(scheme, Insurance.ALL, Kind.AVERAGE_WAGE)
    used = [shown for shown in (average, floor, ceiling) if shown.known]
    error = ""
    if share is not None:
        if not average.known:
            return FlexibleResult.refused(
                used,
                gettext(
                    "The average wage is not known here, so a share cannot be worked out: "
                    "give a base in yuan."
                ),
            )
        base = calculators.base_from_share(average.figure.amount, share)
    if base is None:
        if not floor.known:
            return FlexibleResult.refused(
                used, gettext("The lowest base is not known here: give your base in yuan.")
            )
        base = floor.figure.amount
    if floor.known and base < floor.figure.amount:
        error = gettext("%(base)s yuan is below the lowest base, %(floor)s yuan a month.") % {
            "base": f"{base:,}", "floor": f"{floor.figure.amount:,.0f}"}  # fmt: skip
    elif ceiling.known and base > ceiling.figure.amount:
        error = gettext("%(base)s yuan is above the highest base, %(ceiling)s yuan a month.") % {
            "base": f"{base:,}", "ceiling": f"{ceiling.figure.amount:,.0f}"}  # fmt: skip
    if error:
        return FlexibleResult.refused(used, error, base=base)
    lines, total = calculators.contributions(
        base,
        [(shown.figure.get_insurance_display(), shown.figure.amount, shown) for shown in rates],
    )
    used = [*used, *rates]
    stale = any(shown.state != CURRENT for shown in used)
    return FlexibleResult(base, lines, total, used, stale, share, day=figures.day)


def flexible(request: HttpRequest) -> HttpResponse:
    regions = regions_with(Scheme.FLEXIBLE, {Kind.RATE})
    asked = bool(request.GET)
    form = FlexibleForm(request.GET if asked else None, regions=regions)
    result = None
    if asked and form.is_valid():
        data = form.cleaned_data
        today = timezone.localdate()
        month = data["month"] or today.replace(day=1)
        figures = Figures(data["region"], month)
        result = flexible_result(figures, data["region"], base=data["base"], share=data["share"])
    return render(
        request,
        "answers/flexible.html",
        {
            "form": form,
            "result": result,
            "asked": asked,
            "regions": regions,
            "basis": basis,
            "breadcrumbs": _crumbs((gettext("A flexible worker’s monthly contribution"), None)),
        },
        status=400 if asked and form.errors else 200,
    )


@dataclass
class ResidentResult:
    region: Region | None
    lowest: object
    highest: object
    window: object
    amount: Decimal | None
    years: int
    total: Decimal | None
    error: str = ""


def resident(request: HttpRequest) -> HttpResponse:
    regions = regions_with(Scheme.RESIDENT, {Kind.TIER_LOWEST, Kind.AMOUNT_LOWEST})
    asked = bool(request.GET)
    form = ResidentForm(request.GET if asked else None, regions=regions)
    result = None
    if asked and form.is_valid():
        data = form.cleaned_data
        place = data["region"]
        figures = Figures(place, timezone.localdate())
        lowest = figures.get(Scheme.RESIDENT, Insurance.PENSION, Kind.AMOUNT_LOWEST)
        highest = figures.get(Scheme.RESIDENT, Insurance.PENSION, Kind.AMOUNT_HIGHEST)
        if not lowest.known:  # the region's own amounts, else the tiers (national or its own)
            lowest = figures.get(Scheme.RESIDENT, Insurance.PENSION, Kind.TIER_LOWEST)
            highest = figures.get(Scheme.RESIDENT, Insurance.PENSION, Kind.TIER_HIGHEST)
        window = figures.get(Scheme.RESIDENT, Insurance.PENSION, Kind.WINDOW)
        amount = data["amount"] or (lowest.figure.amount if lowest.known else None)
        years = data["years"] or 1
        error = ""
        if amount is not None and lowest.known and amount < lowest.figure.amount:
            error = gettext("%(amount)s yuan is below the lowest yearly amount, %(lowest)s yuan.")
        elif amount is not None and highest.known and amount > highest.figure.amount:
            error = gettext("%(amount)s yuan is above the highest yearly amount, %(highest)s yuan.")
        if error:
            error %= {
                "amount": f"{amount:,.0f}",
                "lowest": f"{lowest.figure.amount:,.0f}" if lowest.known else "",
                "highest": f"{highest.figure.amount:,.0f}" if highest.known else "",
            }
        total = calculators.yearly(amount, years) if amount is not None and not error else None
        result = ResidentResult(place, lowest, highest, window, amount, years, total, error)
    return render(
        request,
        "answers/resident.html",
        {
            "form": form,
            "result": result,
            "asked": asked,
            "basis": basis,
            "breadcrumbs": _crumbs((gettext("A resident’s yearly contribution"), None)),
        },
        status=400 if asked and form.errors else 200,
    )


def late_fee(request: HttpRequest) -> HttpResponse:
    asked = bool(request.GET)
    form = LateFeeForm(request.GET if asked else None)
    result = None
    if asked and form.is_valid():
        data = form.cleaned_data
        days, fee = calculators.late_fee(data["owed"], data["deadline"], data["paid"])
        result = {
            "days": days,
            "fee": fee,
            "owed": data["owed"],
            "first_day": data["deadline"] + datetime.timedelta(days=1),
            "paid": data["paid"],
            "deadline": data["deadline"],
            "total": calculators.to_fen(data["owed"] + fee),
        }
    return render(
        request,
        "answers/late_fee.html",
        {
            "form": form,
            "result": result,
            "asked": asked,
            "basis": basis,
            "breadcrumbs": _crumbs((gettext("An employer’s late-payment fee"), None)),
        },
        status=400 if asked and form.errors else 200,
    )
