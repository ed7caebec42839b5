import datetime

from guides.models import Step
from local.models import Hotline, MaterialChange, MethodChange, Office, Status, StepChange
from regions.models import Region
from tests.guides.conftest import guide  # noqa: F401 - the fixture, for tests here

GUANGDONG, SHENZHEN, GUANGZHOU, ZHEJIANG = "440000", "440300", "440100", "330000"


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
