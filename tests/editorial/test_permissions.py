"""Who may do what in the admin, checked on the server: roles × objects × actions.

Every denied request is also checked to have changed nothing in the database.
"""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from editorial.models import StaffProfile
from editorial.roles import REGIONAL_STAFF
from guides.models import Guide, GuideVersion
from laws.models import Paragraph
from local.models import (
    Hotline,
    MaterialChange,
    MethodChange,
    Office,
    Service,
    Status,
    StepChange,
)
from tests.factories import (
    bulk_publish,
    client_for,
    hotline,
    make_staff,
    material_change,
    method_change,
    office,
    step_change,
    steps_of,
    submitted,
)

HANGZHOU, SHENZHEN = "330100", "440300"
ADMIN = "/admin/local/"


def form_data(model, code: str, guide) -> dict:
    """Valid add-form data for one local item of each kind, in region `code`."""
    steps = steps_of(guide)
    common = {"region": code, "source_en": "Notice", "last_verified": "2026-11-02",
              "verified_by_en": "Team"}  # fmt: skip
    return {
        StepChange: {"step": steps["policy"].pk, "action": "note", "text_en": "A note."},
        MaterialChange: {"step": steps["materials"].pk, "action": "add", "name_en": "permit"},
        MethodChange: {
            "step": steps["methods"].pk,
            "action": "add",
            "kind": "mobile",
            "name_en": "App",
            "description_en": "pay in the app",
        },
        Office: {
            "kind": "office",
            "name_en": "Hall",
            "address_en": "1 Road",
            "opening_hours_en": "9-5",
        },
        Hotline: {"name_en": "Hotline", "number": "12345"},
        Service: {
            "kind": "etax",
            "name_en": "the e-tax service",
            "url": "https://etax.example.cn/",
        },
    }[model] | common


def state(*models) -> list:
    """Everything a denied request must leave as it was."""
    return [sorted(model.objects.values_list()) for model in models]


LOCAL = [StepChange, MaterialChange, MethodChange, Office, Hotline, Service]


@pytest.fixture
def items(guide):
    """One office and one note in Shenzhen, and the same in Hangzhou (another province)."""
    return {
        "own_office": office(SHENZHEN, "Shenzhen hall"),
        "other_office": office(HANGZHOU, "Hangzhou hall"),
        "own_note": step_change(SHENZHEN, steps_of(guide)["policy"], "note", "Shenzhen."),
        "other_note": step_change(HANGZHOU, steps_of(guide)["policy"], "note", "Hangzhou."),
        "other_hotline": hotline(HANGZHOU, "0571-12333"),
        "other_material": material_change(HANGZHOU, steps_of(guide)["materials"], "add",
                                          name="Hangzhou permit"),
        "other_method": method_change(HANGZHOU, steps_of(guide)["methods"], "add", kind="mobile",
                                      name="Hangzhou app", description="pay in the app"),
    }  # fmt: skip


@pytest.mark.parametrize("model", LOCAL, ids=lambda m: m.__name__)
def test_regional_staff_add_in_their_region_only_and_as_a_draft(shenzhen_staff, guide, model):
    client = client_for(shenzhen_staff)
    url = f"{ADMIN}{model._meta.model_name}/add/"
    before = state(*LOCAL)
    forged = client.post(url, form_data(model, HANGZHOU, guide))
    assert forged.status_code == 200
    assert "Select a valid choice" in forged.content.decode()
    assert state(*LOCAL) == before

    allowed = client.post(url, form_data(model, SHENZHEN, guide) | {"status": "published"})
    assert allowed.status_code == 302, allowed.content.decode()[:3000]
    created = model.objects.get(region_id=SHENZHEN)
    assert created.status == Status.DRAFT  # they cannot publish


@pytest.mark.parametrize(
    ("key", "model"), [("other_office", Office), ("other_note", StepChange),
                       ("other_hotline", Hotline), ("other_material", MaterialChange),
                       ("other_method", MethodChange)],
)  # fmt: skip
@pytest.mark.parametrize("page", ["change", "delete", "history"])
def test_another_regions_item_does_not_exist_for_regional_staff(
    shenzhen_staff, guide, items, key, model, page
):
    client = client_for(shenzhen_staff)
    url = f"{ADMIN}{model._meta.model_name}/{items[key].pk}/{page}/"
    before = state(*LOCAL)
    assert client.get(url).status_code == 404
    data = {"post": "yes"} if page == "delete" else form_data(model, SHENZHEN, guide)
    assert client.post(url, data).status_code == 404
    assert state(*LOCAL) == before


def test_regional_staff_list_only_their_regions_and_the_cities_below(
    shenzhen_staff, guangdong_staff, items
):
    listing = client_for(shenzhen_staff).get(f"{ADMIN}office/").content.decode()
    assert "Shenzhen hall" in listing and "Hangzhou hall" not in listing
    province = client_for(guangdong_staff).get(f"{ADMIN}office/").content.decode()
    assert "Shenzhen hall" in province and "Hangzhou hall" not in province


def test_moving_an_item_to_another_region_is_refused(shenzhen_staff, guide, items):
    before = state(*LOCAL)
    response = client_for(shenzhen_staff).post(
        f"{ADMIN}office/{items['own_office'].pk}/change/",
        form_data(Office, HANGZHOU, guide) | {"name_en": "Shenzhen hall"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert state(*LOCAL) == before


def test_bulk_actions_cannot_reach_other_regions_or_publish(shenzhen_staff, items):
    client = client_for(shenzhen_staff)
    own, other = items["own_office"], items["other_office"]
    own.status = Status.DRAFT
    own.save()
    before = state(*LOCAL)
    client.post(f"{ADMIN}office/", {"action": "publish", "_selected_action": [own.pk]})
    client.post(
        f"{ADMIN}office/",
        {"action": "publish", "_selected_action": [own.pk], "post": "yes", f"revision-{own.pk}": 2},
    )
    client.post(
        f"{ADMIN}office/",
        {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"},
    )
    assert state(*LOCAL) == before


def test_the_region_list_offers_only_their_regions(shenzhen_staff, guangdong_staff, regions):
    def offered(user):
        page = client_for(user).get(f"{ADMIN}office/add/").content.decode()
        select = page.split('name="region"', 1)[1].split("</select>", 1)[0]
        return re.findall(r'<option value="(\d+)"', select)

    assert offered(shenzhen_staff) == ["440300"]
    assert len(offered(guangdong_staff)) == 22 and "330100" not in offered(guangdong_staff)


def test_editors_see_every_region_and_publish(editor, items):
    client = client_for(editor)
    listing = client.get(f"{ADMIN}office/").content.decode()
    assert "Shenzhen hall" in listing and "Hangzhou hall" in listing
    other = items["other_office"]
    other.status = Status.DRAFT
    other.is_live = False
    other.save()
    submitted(other, by=make_staff("hangzhou", group=REGIONAL_STAFF, regions=(HANGZHOU,)))
    bulk_publish(client, [other])
    other.refresh_from_db()
    assert (other.status, other.is_live) == (Status.PUBLISHED, True)


@pytest.mark.parametrize(
    ("url", "method"),
    [
        ("/admin/guides/guide/add/", "get"),
        ("/admin/guides/guide/{guide}/change/", "post"),
        ("/admin/guides/guide/{guide}/delete/", "post"),
        ("/admin/laws/paragraph/{paragraph}/change/", "post"),
        ("/admin/regions/region/add/", "get"),
        ("/admin/regions/region/440300/change/", "post"),
        ("/admin/editorial/staffprofile/", "get"),
        ("/admin/editorial/staffprofile/add/", "post"),
    ],
)
def test_national_content_and_staff_records_are_closed_to_regional_staff(
    shenzhen_staff, guide, url, method
):
    paragraph = Paragraph.objects.filter(
        article__statute__slug="social-insurance-law", article__number=60
    ).first()
    url = url.format(guide=guide.pk, paragraph=paragraph.pk)
    models = [Guide, Paragraph, StaffProfile, *LOCAL]
    before = state(*models)
    response = getattr(client_for(shenzhen_staff), method)(url, {"post": "yes", "title": "x"})
    assert response.status_code == 403
    assert state(*models) == before


@pytest.mark.parametrize(
    "url", ["/admin/guides/guide/{guide}/change/", "/admin/laws/paragraph/{paragraph}/change/"]
)
def test_regional_staff_can_read_national_content(shenzhen_staff, guide, url):
    paragraph = Paragraph.objects.filter(
        article__statute__slug="social-insurance-law", article__number=60
    ).first()
    response = client_for(shenzhen_staff).get(url.format(guide=guide.pk, paragraph=paragraph.pk))
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()  # read-only


def test_editors_see_staff_members_regions_but_cannot_change_them(editor, shenzhen_staff):
    """Whoever reviews content cannot make or change accounts: no second account of one's
    own to approve one's own work (editorial.roles)."""
    profile = shenzhen_staff.staff_profile
    client = client_for(editor)
    assert client.get("/admin/editorial/staffprofile/").status_code == 200
    assert client.get("/admin/editorial/staffprofile/add/").status_code == 403
    response = client.post(
        f"/admin/editorial/staffprofile/{profile.pk}/change/",
        {"role": "regional", "regions": ["440300", "440100"], "email": ""},
    )
    assert response.status_code == 403
    assert set(profile.regions.values_list("code", flat=True)) == {"440300"}


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/local/office/", "/admin/local/office/add/",
            "/admin/guides/guide/", "/admin/review/"],
)  # fmt: skip
def test_anonymous_visitors_are_sent_to_sign_in(db, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_without_a_role_see_nothing(regions):
    from tests.factories import make_staff

    client = client_for(make_staff("nobody", group=None))
    assert client.get("/admin/local/office/").status_code == 403
    assert client.get("/admin/guides/guide/").status_code == 403
    assert AnonymousUser  # the anonymous case is above


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("change/", "post"),
        ("publish/", "post"),
        ("unschedule/", "post"),
        ("discard/", "post"),
        ("versions/1/restore/", "post"),
        ("translations-checked/", "post"),
    ],
)
def test_regional_staff_cannot_change_publish_or_restore_guides(
    shenzhen_staff, guide, path, method
):
    models = [Guide, GuideVersion]
    Guide.objects.filter(pk=guide.pk).update(translations_to_check=["guide:title_zh_hans"])
    before = state(*models)
    response = getattr(client_for(shenzhen_staff), method)(
        f"/admin/guides/guide/{guide.pk}/{path}", {"change_note": "Mine.", "major_change": "on"}
    )
    assert response.status_code == 403
    assert state(*models) == before


def test_regional_staff_may_read_a_guides_history_and_preview(shenzhen_staff, guide):
    client = client_for(shenzhen_staff)
    assert client.get(f"/admin/guides/guide/{guide.pk}/versions/").status_code == 200
    assert client.get(f"/admin/guides/guide/{guide.pk}/preview/").status_code == 200


def test_live_local_items_are_withdrawn_before_anyone_deletes_them(editor, items):
    client = client_for(editor)
    live = items["own_office"]
    url = f"{ADMIN}office/{live.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 403
    client.post(f"{ADMIN}office/", {"action": "withdraw", "_selected_action": [live.pk]})
    live.refresh_from_db()
    assert not live.is_live
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Office.objects.filter(pk=live.pk).exists()


def test_editors_withdraw_a_guide_and_keep_its_history(editor, guide, client):
    assert Client().get(guide.get_absolute_url()).status_code == 200
    client_for(editor).post(
        "/admin/guides/guide/", {"action": "withdraw", "_selected_action": [guide.pk]}
    )
    assert Client().get(guide.get_absolute_url()).status_code == 404
    assert guide.versions.count() == 1
