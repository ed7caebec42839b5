"""Hostile input to every admin screen, as each role: never a 500, never a stall, and no
write survives a request that was refused.

Every registered admin is visited as an editor, as regional staff and as a staff
manager: its list with each of its filters (the filter links the page itself offers) and
its search given hostile values, and its add and change forms posted with hostile values,
in every field at once and field by field, with huge formset counts. The portal's own
screens (review, versions, preview, publication, the Markdown preview) get the same.
"""

import hashlib
import re
import time
from urllib.parse import parse_qsl, urlencode

import pytest
from django.apps import apps
from django.contrib import admin
from django.db.models import Count, Max
from django.test import Client

from local.models import Status
from tests.factories import client_for, hotline, make_guide, material_change, office, submitted
from tests.formdata import form_data

DEEP_MARKDOWN = ["[" * 20000 + "]" * 20000, "- " * 700 + "x", "> " * 2000 + "x"]
HOSTILE = ["a\x00b", "²", "₃", "٣", "9" * 40, "-1", "", "'\"><script>alert(1)</script>",
           "0001-01-01"]  # fmt: skip
# Django's own limit on a request's fields is 1,000: a worker never builds 100,000 forms.
HUGE_COUNT = "100000"
# A worker is killed after 30 s; any request near that is a finding, whatever the machine.
STALL = 10.0
# Fields read as numbers, dates or choices of a row, where one at a time is worth trying
# (free text takes any value, so every field at once covers it).
NUMBERS_AND_CHOICES = re.compile(
    r"(position|(^|-)id|number|version|revision|_at|last_verified|in_force_from|in_force_until"
    r"|step|material|method|region|article|paragraph|chapter|statute|amendment)$"
)
FINGERPRINTED = {"guides", "laws", "regions", "editorial", "auth", "admin"}
SUMMARISED = {"laws", "auth", "admin"}


def fingerprint() -> str:
    """What our tables hold, so a refused request can be shown to have written nothing:
    every row of the content staff edit, and for the law and accounts (large, imported)
    their count, last row and newest edit."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        label = model._meta.app_label
        if label not in FINGERPRINTED or model._meta.proxy:
            continue
        rows = model._default_manager.order_by("pk")
        if label in SUMMARISED:
            fields = {field.name for field in model._meta.concrete_fields}
            summary = {"n": Count("pk"), "last": Max("pk")}
            summary |= {name: Max(name) for name in ("revision", "last_login") if name in fields}
            digest.update(repr(rows.aggregate(**summary)).encode())
        else:
            digest.update(repr(list(rows.values_list())).encode())
    return digest.hexdigest()


class Probe:
    """Sends requests as one user and checks each: no 500, no stall, nothing written
    unless the request was accepted (a redirect after a successful save)."""

    def __init__(self, client: Client):
        self.client = client
        self.state = fingerprint()
        self.sent = 0

    def __call__(self, method: str, url: str, data=None):
        started = time.monotonic()
        response = getattr(self.client, method)(url, data or {})
        elapsed = time.monotonic() - started
        self.sent += 1
        shown = {k: (v[:40] if isinstance(v, str) else v) for k, v in (data or {}).items()}
        assert response.status_code != 500, (method, url, shown)
        assert elapsed < STALL, (method, url, shown, elapsed)
        if method == "post":  # admin GETs never write
            after = fingerprint()
            if response.status_code != 302:
                assert after == self.state, ("a refused request wrote", url, shown)
            self.state = after
        return response


def admin_urls(model) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


def filter_params(html: str) -> set[str]:
    """The query parameters the list's own filter, sort and search links use."""
    names = {"q", "o", "p", "all"}
    for href in re.findall(r'href="\?([^"]*)"', html):
        names.update(name for name, _ in parse_qsl(href.replace("&amp;", "&")))
    return names


def hostile_forms(data: dict[str, list[str]]):
    """The form as shown, then spoiled: every field at once with each hostile value, each
    field alone with the values that break numbers and Markdown, and huge form counts."""
    editable = [
        name
        for name in data
        if name not in {"csrfmiddlewaretoken", "edit_revision"}
        and not name.endswith(("-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS"))
    ]
    for value in [*HOSTILE, *DEEP_MARKDOWN]:
        yield data | {name: [value] for name in editable if not name.endswith("TOTAL_FORMS")}
    for name in editable:
        if re.search(r"-[1-9][0-9]*-", name):
            continue  # one row of each inline stands for the others
        if name.endswith("TOTAL_FORMS"):
            yield data | {name: [HUGE_COUNT]}
        elif NUMBERS_AND_CHOICES.search(name):
            yield data | {name: ["²"]}  # the other values come in every field at once


def fuzz_form(probe: Probe, url: str, form_id: str) -> None:
    page = probe("get", url)
    if page.status_code != 200:
        return
    data = form_data(page.content.decode(), form_id)
    if not data:
        return
    for spoiled in hostile_forms(data):
        probe("post", url, spoiled)


@pytest.fixture
def content(social_insurance_law, regions, shenzhen_staff):
    """Something of every kind to change, in Shenzhen, some waiting for review."""
    guide = make_guide(steps=2)  # a guide's form is costly to build: two steps show it all
    steps = {step.kind: step for step in guide.steps.all()}
    items = {
        "office": office("440300", "Hall"),
        "hotline": submitted(hotline("440300", "0755-1", status=Status.DRAFT), by=shenzhen_staff),
        "material": material_change("440300", steps["materials"], "add", name="Permit"),
    }
    return {"guide": guide, **items}


def registered_admins() -> list[str]:
    """Every model with an admin, by label: one test each, so they run side by side."""
    return sorted(model._meta.label for model in admin.site._registry)


@pytest.mark.parametrize("label", registered_admins())
@pytest.mark.parametrize("role", ["editor", "shenzhen_staff", "staff_manager"])
def test_every_admin_list_and_form_withstands_hostile_input(role, label, request, content):
    user = request.getfixturevalue(role)
    probe = Probe(client_for(user))
    model = apps.get_model(label)
    model_admin = admin.site._registry[model]
    base = admin_urls(model)
    listing = probe("get", base)
    if listing.status_code != 200:
        assert listing.status_code in (302, 403), (base, listing.status_code)
        return
    for name in filter_params(listing.content.decode()):
        for value in HOSTILE:
            probe("get", f"{base}?{urlencode({name: value})}")
    form_id = f"{model._meta.model_name}_form"
    fuzz_form(probe, f"{base}add/", form_id)
    obj = model_admin.get_queryset(probe.client.request().wsgi_request).first()
    if model is type(content["guide"]):
        obj = content["guide"]
    if obj is not None:
        fuzz_form(probe, f"{base}{obj.pk}/change/", form_id)
    assert probe.sent > 0


def test_the_walk_covers_every_admin():
    # The walk really covers the admin: the portal's own models and Django's are all there.
    labels = set(registered_admins())
    assert {"guides.Guide", "local.Office", "laws.Article", "regions.Region"} <= labels


@pytest.mark.parametrize("role", ["editor", "shenzhen_staff"])
def test_the_portals_own_admin_screens_withstand_hostile_input(role, request, content):
    user = request.getfixturevalue(role)
    probe = Probe(client_for(user))
    guide, item = content["guide"], content["hotline"]
    for value in [*HOSTILE, *DEEP_MARKDOWN]:
        probe(
            "post", f"/admin/review/hotline/{item.pk}/", {"decision": "approve", "revision": value}
        )
        probe("post", f"/admin/review/hotline/{item.pk}/", {"decision": value, "comment": value})
        probe("post", f"/admin/review/hotline/{item.pk}/", {"decision": "return", "comment": value})
        probe("get", f"/admin/guides/guide/{guide.pk}/versions/", {"a": value, "b": "1"})
        probe("get", f"/admin/guides/guide/{guide.pk}/preview/", {"region": value})
        probe("post", f"/admin/guides/guide/{guide.pk}/publish/",
              {"change_note": value, "publish_at": value, "major_change": value})  # fmt: skip
        probe("post", f"/admin/guides/guide/{guide.pk}/versions/1/restore/", {"confirm": value})
        probe("post", f"/admin/guides/guide/{guide.pk}/unschedule/", {"confirm": value})
        probe("post", f"/admin/guides/guide/{guide.pk}/discard/", {"post": value})
        probe("post", f"/admin/guides/guide/{guide.pk}/translations-checked/", {"post": value})
        probe("get", "/admin/guides/guide/", {"translation": value})
        probe("post", f"/admin/local/hotline/{item.pk}/translations-checked/", {"post": value})
        probe("get", "/admin/local/hotline/", {"translation": value})
        for law_page in ("whole/", "chapter/1/", "article/60/", "data.json"):
            probe("get", f"/laws/social-insurance-law/{law_page}", {"on": value})
        probe("post", "/admin/markdownx/markdownify/", {"content": value})
        # The citizens' calculators and questions: every field, at once and alone.
        calculators = {
            "/calculators/flexible-worker/": ["region", "month", "base", "share"],
            "/calculators/resident/": ["region", "amount", "years"],
            "/calculators/late-payment-fee/": ["owed", "deadline", "paid"],
            "/answers/pay/flexible/": ["province", "city", "place"],
        }
        for url, names in calculators.items():
            probe("get", url, dict.fromkeys(names, value))
            for name in names:
                probe("get", url, {name: value, "region": "310000"})
        probe("get", "/admin/autocomplete/",
              {"term": value, "app_label": "local", "model_name": "office",
               "field_name": value})  # fmt: skip
        probe("post", "/admin/local/office/", {"action": value, "_selected_action": value})
        probe("post", "/admin/local/hotline/",
              {"action": "publish", "_selected_action": [item.pk], "post": "yes",
               f"revision-{item.pk}": value})  # fmt: skip
    for path in ("²", "٣", "9" * 40, "-1", "%00"):
        probe("post", f"/admin/guides/guide/{guide.pk}/versions/{path}/restore/")
        probe("get", f"/admin/guides/guide/{guide.pk}/preview/440000/{path}/")
        probe("get", f"/admin/guides/guide/{path}/versions/")
        probe("post", f"/admin/guides/guide/{path}/translations-checked/")
        probe("post", f"/admin/local/hotline/{path}/translations-checked/")
        probe("get", f"/laws/social-insurance-law/chapter/{path}/")
        probe("get", f"/laws/social-insurance-law/article/{path}/data.akn")
        probe("get", f"/admin/guides/guide/{guide.pk}/preview/{path}/")
        probe("get", f"/admin/review/hotline/{path}/")
        probe("get", f"/admin/local/hotline/{path}/versions/")
        probe("post", f"/admin/local/hotline/{item.pk}/versions/{path}/restore/")
        probe("get", f"/admin/r/{path}/{path}/")
        probe("get", f"/answers/pay/{path}/")
        probe("get", f"/answers/pay/flexible/{path}/registered/")
        probe("get", f"/regions/310000/figures/{path}/")
        probe("get", f"/admin/local/figure/{path}/versions/")
