"""Small things staff notice: their only region chosen for them, their role in the header,
refusals in the admin's own look, and no filter or message that does not apply to them."""

import html

from tests.factories import client_for, make_staff

SHENZHEN = "440300"


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_only_region_is_chosen_and_the_header_names_the_role(shenzhen_staff, editor):
    page = text(client_for(shenzhen_staff).get("/admin/local/office/add/"))
    assert '<option value="440300" selected>Shenzhen, Guangdong</option>' in page
    assert "Social security payment guide: regional staff" in page
    assert "Social security payment guide: editors" in text(client_for(editor).get("/admin/"))
    province_staff = make_staff("gd", group="Regional staff", regions=("440000",))
    several = text(client_for(province_staff).get("/admin/local/office/add/"))
    choices = several.split('name="region"')[1].split("</select>")[0]
    assert '<option value="" selected>' in choices  # several regions: they choose


def test_a_refusal_in_the_admin_keeps_the_admins_look(shenzhen_staff):
    response = client_for(shenzhen_staff).get("/admin/guides/guide/add/")
    assert response.status_code == 403
    page = text(response)
    assert 'id="site-name"' in page and "Back to your dashboard" in page
    assert "Nothing was changed." in page
    # A province page a city's staff open is refused as such, not "doesn't exist".
    province = client_for(shenzhen_staff).get("/admin/regions/region/440000/change/")
    assert province.status_code == 403
    assert "doesn't exist" not in text(province)


def test_the_level_filter_is_offered_only_to_those_with_a_province(shenzhen_staff, editor):
    assert "By level" not in text(client_for(shenzhen_staff).get("/admin/local/office/"))
    assert "By level" in text(client_for(editor).get("/admin/local/office/"))


def test_approve_and_return_are_buttons(shenzhen_staff, editor):
    from tests.factories import office, submitted

    item = submitted(office(SHENZHEN, "Hall", status="draft"), by=shenzhen_staff)
    page = text(client_for(editor).get(f"/admin/review/office/{item.pk}/"))
    assert 'value="approve" class="button default"' in page
    assert 'value="return" class="button"' in page
