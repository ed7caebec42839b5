"""Everything tests make, in one place: guides, local items and staff, each in a named
state (guides: unpublished, published, changed, scheduled, withdrawn; local items: draft,
published, submitted, returned). Fixtures that use them are in tests/conftest.py."""

import datetime
import json
import shutil
from pathlib import Path

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from django.utils.timezone import now

from editorial.models import StaffProfile
from guides.models import Citation, Guide, Material, PaymentMethod, Step
from guides.publishing import record_version, withdraw
from laws.models import Article, Paragraph, Wording
from laws.services import import_statute_package
from local.models import Hotline, MaterialChange, MethodChange, Office, Status, StepChange
from regions.models import Region

ROOT = Path(__file__).resolve().parent.parent
LAW_PACKAGE = ROOT / "fixtures" / "laws" / "social-insurance-law"
SEED_GUIDE = ROOT / "fixtures" / "guides" / "where-to-pay.json"
SEED_GUIDE_CHINESE = {"zh-hans": ROOT / "fixtures" / "translations" / "where-to-pay.zh-hans.json"}
GUIDE_STATES = ("unpublished", "published", "changed", "scheduled", "withdrawn")
GUANGDONG, SHENZHEN, GUANGZHOU, ZHEJIANG = "440000", "440300", "440100", "330000"


# --- Guides ------------------------------------------------------------------------


def make_guide(*, steps: int, slug: str = "test-guide", state: str = "published") -> Guide:
    """A guide with `steps` steps, each with items and a paragraph citation, in a named
    state: "unpublished" (never published), "published" (version 1 on the site), "changed"
    (published, then its first step renamed and not yet published), "scheduled" (published,
    and version 2 due in an hour) or "withdrawn" (published, then taken off the site)."""
    if state not in GUIDE_STATES:
        raise ValueError(f"no such state: {state}")
    guide = Guide.objects.create(
        slug=slug, title=f"A guide of {steps} steps", short_answer="Short."
    )
    article = Article.objects.get(statute__slug="social-insurance-law", number=60)
    paragraph = Paragraph.objects.get(article=article, number=2)
    # The seed guide's five kinds of step, in its order (a registration step is not among them).
    kinds = ["policy", "materials", "methods", "procedure", "records"]
    for position in range(1, steps + 1):
        step = Step.objects.create(
            guide=guide,
            position=position,
            kind=kinds[(position - 1) % len(kinds)],
            title=f"Step {position}",
            body=f"Body of step **{position}**.",
        )
        Material.objects.create(step=step, position=1, name=f"item {position}", original=True)
        PaymentMethod.objects.create(
            step=step,
            position=1,
            kind=PaymentMethod.Kind.CASH,
            name="Cash",
            description="pay in cash",
            where="Counter",
            you_need="Cash",
        )
        Citation.objects.create(step=step, article=article, paragraph=paragraph)
        Citation.objects.create(step=step, article=article)
    Citation.objects.create(guide=guide, article=article)
    if state == "unpublished":
        return guide
    record_version(guide=guide, user=None, note="First published.", major=True, at=now())
    if state in ("changed", "scheduled"):
        Step.objects.filter(guide=guide, position=1).update(title="Step 1, renamed")
        guide.refresh_from_db()
    if state == "scheduled":
        later = now() + datetime.timedelta(hours=1)
        record_version(guide=guide, user=None, note="Step 1 renamed.", major=False, at=later)
    if state == "withdrawn":
        withdraw(guide=guide)
    return guide


def load_shipped_content() -> None:
    """What `manage.py seed` adds to the statutes and regions the fixtures already hold: the
    guides, the districts, the demonstration figures and variations, the services, the search
    synonyms (the command itself is tested on its
    own)."""
    from guides.services import load_guide_file
    from local.services import load_figures, load_variations_file
    from regions.services import import_districts
    from search.services import load_synonyms

    for path in sorted((ROOT / "fixtures" / "guides").glob("*.json")):
        chinese = ROOT / "fixtures" / "translations" / f"{path.stem}.zh-hans.json"
        load_guide_file(path, {"zh-hans": chinese} if chinese.exists() else {})
    load_figures(
        ROOT / "fixtures" / "figures" / "figures.csv",
        provenance=ROOT / "fixtures" / "figures" / "provenance.json",
        translations=ROOT / "fixtures" / "translations" / "figures.zh-hans.json",
    )
    for name in ["demo-variations", "services"]:
        load_variations_file(
            ROOT / "fixtures" / "regions" / f"{name}.json",
            {"zh-hans": ROOT / "fixtures" / "translations" / f"{name}.zh-hans.json"},
        )
    import_districts(path=ROOT / "fixtures" / "regions" / "districts.csv")
    load_synonyms(ROOT / "fixtures" / "search" / "synonyms.csv")


# --- The law changing under a guide (guides.lawchanges) ----------------------------

CHINA = datetime.timezone(datetime.timedelta(hours=8))
PUBLISHED = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=CHINA)
IMPORTED = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=CHINA)
WARNING = (
    "The law cited here changed on 29 December 2018; this step was last reviewed on "
    "2 November 2026."
)


def law_without_its_amendment(tmp_path):
    """The Social Insurance Law as held before its 2018 amendment was imported: the
    consolidated text alone, one wording for each paragraph."""
    folder = tmp_path / "social-insurance-law"
    shutil.copytree(LAW_PACKAGE, folder)
    manifest = json.loads((folder / "statute.json").read_text())
    (amendment,) = manifest.pop("amendments")
    # Its dates, which the amendment file holds.
    about = json.loads((folder / amendment).read_text())["statute"]
    dates = {key: about[key] for key in ("adopted", "in_force_from")}
    manifest["statute"] = {**dates, **manifest["statute"]}
    manifest["amendments"] = []
    seed = manifest["translations"]["file"]
    manifest["translations"]["file"] = str((LAW_PACKAGE / seed).resolve())
    (folder / "statute.json").write_text(json.dumps(manifest))
    import_statute_package(folder)
    # Held since before the guide was published.
    Wording.objects.update(recorded_at=PUBLISHED - datetime.timedelta(days=30))


def guide_citing_article_64(tmp_path) -> Guide:
    """The guide "funds", published on 2 November 2026, when the law held no amendment;
    step 1 cites Article 64, paragraph 1, step 2 Article 60 only."""
    law_without_its_amendment(tmp_path)
    assert not Wording.objects.filter(paragraph__article__number=64, amendment__isnull=False)
    guide = make_guide(steps=2, state="unpublished", slug="funds")
    article = Article.objects.get(statute__slug="social-insurance-law", number=64)
    step = guide.steps.get(position=1)
    step.citations.all().delete()
    Citation.objects.create(
        step=step, article=article, paragraph=Paragraph.objects.get(article=article, number=1)
    )
    with time_machine.travel(PUBLISHED, tick=False):
        Step.objects.filter(guide=guide).update(law_checked_at=timezone.now())
        record_version(guide=guide, user=None, note="First published.", major=True, at=PUBLISHED)
    return guide


def amendment_imported():
    with time_machine.travel(IMPORTED, tick=False):
        import_statute_package(LAW_PACKAGE)


# --- Local items -------------------------------------------------------------------


def provenance(**overrides) -> dict:
    """Source fields, and published (live) unless another status is given."""
    status = overrides.pop("status", Status.PUBLISHED)
    return {
        "source": "https://hrss.example.gov.cn/notice",
        "last_verified": datetime.date(2026, 11, 2),
        "verified_by": "Test team",
        "status": status,
        "is_live": status == Status.PUBLISHED,
        **overrides,
    }


def region(code: str) -> Region:
    return Region.objects.select_related("parent").get(code=code)


def step_change(code: str, step: Step, action: str, text: str, **extra) -> StepChange:
    return StepChange.objects.create(
        region_id=code, step=step, action=action, text=text, **provenance(**extra)
    )


def material_change(code: str, step: Step, action: str, **extra) -> MaterialChange:
    fields = {k: extra.pop(k) for k in list(extra) if k not in {"status", "is_demo"}}
    return MaterialChange.objects.create(
        region_id=code, step=step, action=action, **fields, **provenance(**extra)
    )


def method_change(code: str, step: Step, action: str, **extra) -> MethodChange:
    fields = {k: extra.pop(k) for k in list(extra) if k not in {"status", "is_demo"}}
    return MethodChange.objects.create(
        region_id=code, step=step, action=action, **fields, **provenance(**extra)
    )


def office(code: str, name: str, **extra) -> Office:
    return Office.objects.create(
        region_id=code,
        kind=Office.Kind.OFFICE,
        name=name,
        address="1 Example Road",
        opening_hours="Weekdays 9:00 to 17:00",
        **provenance(**extra),
    )


def hotline(code: str, number: str, **extra) -> Hotline:
    return Hotline.objects.create(
        region_id=code, name="Hotline", number=number, **provenance(**extra)
    )


def steps_of(of_guide) -> dict[str, Step]:
    return {step.kind: step for step in of_guide.steps.all()}


def submitted(item, *, by):
    """The named state "waiting for review": `item` as `by` submitted it, through the workflow."""
    from local import workflow

    workflow.save(item=item, by=by, submit=True)
    item.refresh_from_db()
    return item


def bulk_publish(client, items, model_name: str = "office"):
    """Select `items` in their list, choose "Approve and publish", and confirm on the page
    that lists what goes live, as an editor would."""
    from tests.formdata import form_data

    url = f"/admin/local/{model_name}/"
    page = client.post(url, {"action": "publish", "_selected_action": [item.pk for item in items]})
    assert page.status_code == 200, page.status_code
    return client.post(url, form_data(page.content.decode(), "confirm-publish"))


def returned(item, *, by, reviewer, comment: str = "Please check the source."):
    """The named state "returned for changes": submitted by `by`, returned by `reviewer`."""
    from local import workflow

    item = submitted(item, by=by)
    workflow.return_for_changes(
        item=item, reviewer=reviewer, seen_revision=item.revision, comment=comment
    )
    item.refresh_from_db()
    return item


# --- Staff -------------------------------------------------------------------------


def make_staff(username: str, *, group: str | None, regions: tuple[str, ...] = ()):
    from tests.conftest import ensure_roles

    ensure_roles()
    user = get_user_model().objects.create_user(username, password="Long-enough-pass-42")
    user.is_staff = True
    user.save()
    if group:
        user.groups.add(Group.objects.get(name=group))
    if regions:
        StaffProfile.objects.create(user=user).regions.set(regions)
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def review(client: Client, item, decision: str, comment: str = ""):
    """Open the item's review page and approve or return what it shows, as an editor would
    (the form carries the version shown). Posts without a version when the page offers no
    form, as a forged request would."""
    from tests.formdata import form_data

    url = f"/admin/review/{item._meta.model_name}/{item.pk}/"
    data = form_data(client.get(url).content.decode(), "review-form")
    return client.post(url, data | {"decision": decision, "comment": comment})
