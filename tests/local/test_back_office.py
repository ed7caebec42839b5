"""What regional staff and editors need from the local items' admin: drafts without their
provenance, several submitted at once, a returned item's comment wherever they look, a
live item's pending change named as such, and on a resubmission the earlier comment and
what changed since."""

import html
import re

from local.models import Office, Status
from tests.factories import client_for, office, provenance, returned, review, submitted
from tests.formdata import form_data

SHENZHEN = "440300"
LIST = "/admin/local/office/"
ADD = LIST + "add/"


def text(response) -> str:
    return html.unescape(response.content.decode())


def change_url(item) -> str:
    return f"{LIST}{item.pk}/change/"


def draft(code: str, name: str) -> Office:
    return Office.objects.create(
        region_id=code, kind=Office.Kind.OFFICE, name=name, address="1 Example Road",
        opening_hours="9 to 5", status=Status.DRAFT, is_live=False,
    )  # fmt: skip


def add_form(client) -> dict:
    data = form_data(client.get(ADD).content.decode(), "office_form")
    return data | {
        "region": [SHENZHEN], "kind": ["office"], "name_en": ["Futian hall"],
        "address_en": ["2 Example Road"], "opening_hours_en": ["9 to 5"],
    }  # fmt: skip


def test_a_draft_is_saved_without_its_source_but_not_submitted_without_it(shenzhen_staff):
    client = client_for(shenzhen_staff)
    data = add_form(client)
    refused = client.post(ADD, data | {"_submit": ["1"]})
    assert refused.status_code == 200
    page = text(refused)
    assert page.count("Needed before it goes for review or on the site.") == 3
    assert not Office.objects.exists()
    saved = client.post(ADD, data | {"_save": ["1"]})
    assert saved.status_code == 302
    item = Office.objects.get()
    assert item.status == Status.DRAFT and item.source == "" and item.last_verified is None
    # Its list and the dashboard still work with no check date.
    assert client.get(LIST).status_code == 200
    assert client.get("/admin/").status_code == 200
    filled = form_data(client.get(change_url(item)).content.decode(), "office_form") | {
        "source_zh_hans": ["深圳市人社局通知"], "last_verified": ["2026-11-30"],
        "verified_by_zh_hans": ["深圳团队"], "_submit": ["1"],
    }  # fmt: skip
    assert client.post(change_url(item), filled).status_code == 302
    item.refresh_from_db()
    assert item.status == Status.IN_REVIEW


def test_several_drafts_are_submitted_at_once_and_the_rest_say_why_not(shenzhen_staff):
    ready = [
        Office.objects.create(
            region_id=SHENZHEN,
            kind="office",
            name=f"Hall {n}",
            address="1 Road",
            opening_hours="9 to 5",
            **provenance(status=Status.DRAFT),
        )
        for n in (1, 2)
    ]
    unsourced = draft(SHENZHEN, "No source yet")
    waiting = submitted(office(SHENZHEN, "Waiting", status=Status.DRAFT), by=shenzhen_staff)
    live = office(SHENZHEN, "Live and unchanged")
    response = client_for(shenzhen_staff).post(
        LIST,
        {"action": "submit_for_review",
         "_selected_action": [i.pk for i in [*ready, unsourced, waiting, live]]},
        follow=True,
    )  # fmt: skip
    page = text(response)
    assert "Submitted 2 items for review." in page
    assert (
        "Not submitted: Shenzhen: No source yet: Before it goes for review or on the site, "
        "fill in: source, last verified, verified by." in page
    )
    assert "Not submitted: Shenzhen: Waiting: it is already waiting for review" in page
    assert "Not submitted: Shenzhen: Live and unchanged: it has no change to submit" in page
    assert {o.status for o in Office.objects.filter(pk__in=[r.pk for r in ready])} == {
        Status.IN_REVIEW
    }
    unsourced.refresh_from_db()
    assert unsourced.status == Status.DRAFT


def test_a_live_item_with_a_pending_change_says_so_and_a_returned_one_shows_its_comment(
    shenzhen_staff, editor
):
    client = client_for(shenzhen_staff)
    live = office(SHENZHEN, "Luohu hall")
    data = form_data(client.get(change_url(live)).content.decode(), "office_form")
    client.post(change_url(live), data | {"opening_hours_en": ["9 to 6"], "_submit": ["1"]})
    listing = text(client.get(LIST))
    assert "On the site; a change waiting for review" in listing
    item = returned(office(SHENZHEN, "Futian hall", status=Status.DRAFT), by=shenzhen_staff,
                    reviewer=editor, comment="Give the opening hours on Saturdays.")  # fmt: skip
    listing = text(client.get(LIST))
    assert "Returned: Give the opening hours on Saturdays." in listing
    form = text(client.get(change_url(item)))
    assert re.search(
        r'class="errornote" role="status"><strong>Returned by editor1 on [^<]+:</strong> '
        r"Give the opening hours on Saturdays\.",
        form,
    )


def test_on_a_resubmission_the_reviewer_sees_their_comment_and_what_changed(shenzhen_staff, editor):
    item = returned(office(SHENZHEN, "Futian hall", status=Status.DRAFT), by=shenzhen_staff,
                    reviewer=editor, comment="Give the opening hours on Saturdays.")  # fmt: skip
    client = client_for(shenzhen_staff)
    data = form_data(client.get(change_url(item)).content.decode(), "office_form")
    fixed = data | {"opening_hours_en": ["9 to 5; Saturdays 9 to 12"], "_submit": ["1"]}
    assert client.post(change_url(item), fixed).status_code == 302
    page = text(client_for(editor).get(f"/admin/review/office/{item.pk}/"))
    since = page[page.index('id="since-returned"') :]
    assert "saying:</strong> Give the opening hours on Saturdays." in since
    row = re.search(r"<th scope=\"row\">Opening hours[^<]*</th>(.*?)</tr>", since, re.S).group(1)
    assert "<td>Weekdays 9:00 to 17:00</td>" in row and "<ins>5; Saturdays 9 to 12</ins>" in row
    review(client_for(editor), item, "approve")
    item.refresh_from_db()
    assert item.returned_content is None and item.is_live


def test_a_change_is_previewed_in_its_guide_for_its_region_by_its_author_and_reviewer(
    shenzhen_staff, editor, seed_guide, client
):
    from tests.factories import make_staff, step_change, steps_of

    live = step_change(SHENZHEN, steps_of(seed_guide)["policy"], "note", "Ask at the counter.")
    staff = client_for(shenzhen_staff)
    url = f"/admin/local/stepchange/{live.pk}/change/"
    data = form_data(staff.get(url).content.decode(), "stepchange_form")
    proposal = data | {"text_en": ["Book a time online first."], "_submit": ["1"]}
    assert staff.post(url, proposal).status_code == 302
    form = text(staff.get(url))
    preview_url = f"/admin/local/stepchange/{live.pk}/preview/"
    assert f'href="{preview_url}"' in form
    for who in (staff, client_for(editor)):
        page = text(who.get(preview_url))
        assert "Book a time online first." in page
        assert "Ask at the counter." not in page
        assert "as proposed, in the guide for Shenzhen" in page
        assert "Citizens do not see it until an editor approves it." in page
    review_page = text(client_for(editor).get(f"/admin/review/stepchange/{live.pk}/"))
    assert f'href="{preview_url}"' in review_page
    public = text(client.get("/guides/where-to-pay-social-security/440000/440300/"))
    assert "Ask at the counter." in public and "Book a time online first." not in public
    elsewhere = make_staff("hangzhou", group="Regional staff", regions=("330100",))
    assert client_for(elsewhere).get(preview_url).status_code == 404
    assert client.get(preview_url).status_code == 302  # to sign in


def test_a_figure_and_a_service_are_previewed_where_citizens_would_see_them(
    shenzhen_staff, editor, seed_guide, client
):
    import datetime
    from decimal import Decimal

    from local.models import Figure, Service

    figure = Figure.objects.create(
        region_id=SHENZHEN, scheme="flexible", insurance="pension", kind="rate",
        amount=Decimal("20.00"), text="", in_force_from=datetime.date(2025, 7, 1),
        in_force_until=None, source_url="https://hrss.example.gov.cn/2025",
        reliability="official notice", **provenance(),
    )  # fmt: skip
    staff = client_for(shenzhen_staff)
    url = f"/admin/local/figure/{figure.pk}/change/"
    data = form_data(staff.get(url).content.decode(), "figure_form")
    assert staff.post(url, data | {"amount": ["21.50"], "_submit": ["1"]}).status_code == 302
    preview = text(staff.get(f"/admin/local/figure/{figure.pk}/preview/"))
    assert "21.5" in preview and "as proposed" in preview
    public = text(client.get("/regions/440000/440300/figures/"))
    assert "21.5" not in public and "20%" in public

    service = Service.objects.create(
        region_id=SHENZHEN, kind="etax", name="Shenzhen e-tax", url="https://etax.example.cn/",
        number="", notes="", **provenance(),
    )  # fmt: skip
    url = f"/admin/local/service/{service.pk}/change/"
    data = form_data(staff.get(url).content.decode(), "service_form")
    changed = data | {"url": ["https://etax2.example.cn/"], "_submit": ["1"]}
    assert staff.post(url, changed).status_code == 302
    preview = staff.get(f"/admin/local/service/{service.pk}/preview/").content.decode()
    assert "https://etax2.example.cn/" in preview
    assert (
        "https://etax2.example.cn/"
        not in client.get("/guides/where-to-pay-social-security/440000/440300/").content.decode()
    )
