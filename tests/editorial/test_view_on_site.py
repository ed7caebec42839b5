"""The admin's "view on site" shortcut is scoped like the rest of the admin."""

import pytest
from django.contrib.contenttypes.models import ContentType

from local.models import Hotline, Office, Status
from tests.factories import client_for, hotline, office


def shortcut(item) -> str:
    content_type = ContentType.objects.get_for_model(item)
    return f"/admin/r/{content_type.pk}/{item.pk}/"


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.DRAFT])
def test_view_on_site_of_another_regions_item_is_404_for_regional_staff(
    shenzhen_staff, regions, status
):
    other = office("330100", "Hangzhou hall", status=status)  # Hangzhou, not theirs
    staff = client_for(shenzhen_staff)
    assert staff.get(shortcut(other)).status_code == 404


def test_view_on_site_leads_staff_to_their_own_regions_page(shenzhen_staff, editor, regions):
    own = hotline("440300", "0755-12333")
    response = client_for(shenzhen_staff).get(shortcut(own))
    assert response.status_code == 302
    assert response["Location"].endswith("/regions/440000/440300/#hotlines")
    other = office("330100", "Hangzhou hall")
    assert client_for(editor).get(shortcut(other)).status_code == 302  # editors: everywhere


@pytest.mark.parametrize(
    "path",
    ["/admin/r/abc/1/", "/admin/r/٣/1/", "/admin/r/999999/1/", "/admin/r/{office}/x/",
     "/admin/r/{office}/٣/", "/admin/r/{office}/99999999/"],
)  # fmt: skip
def test_malformed_shortcuts_are_404(editor, regions, path):
    content_type = ContentType.objects.get_for_model(Office)
    office("440300", "Hall")
    assert client_for(editor).get(path.format(office=content_type.pk)).status_code == 404


def test_view_on_site_needs_a_staff_sign_in(client, regions):
    item = hotline("440300", "0755-12333")
    response = client.get(shortcut(item))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Hotline.objects.count() == 1
