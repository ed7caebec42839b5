"""A NUL character anywhere in a request is a clear 400, never a 500 from the database."""

import pytest

from local.models import Office, Status
from tests.factories import client_for, office, submitted


@pytest.mark.parametrize(
    "path",
    [
        "/admin/local/office/?q=%00",
        "/admin/local/office/?status=%00",
        "/admin/local/office/?q=a%00b",
        "/admin/autocomplete/?term=%00&app_label=regions&model_name=office&field_name=region",
        "/admin/guides/guide/?q=%00",
        "/search/?q=%00",
        "/guides/where-to-pay-social-security/region/?place=%00",
        "/admin/local/office/?translation=%00",
        "/laws/social-insurance-law/whole/?on=%00",
        "/admin/local/figure/?q=%00",
        "/answers/pay/flexible/?place=%00",
        "/calculators/flexible-worker/?region=310000&base=7%0010",
        "/calculators/resident/?years=%00",
        "/calculators/late-payment-fee/?deadline=2024-01-01%00",
    ],
)
def test_a_nul_in_a_query_is_a_400(editor, path):
    response = client_for(editor).get(path)
    assert response.status_code == 400
    assert "the request was not understood" in response.content.decode()


def test_a_nul_in_a_review_comment_is_a_400_and_changes_nothing(editor, shenzhen_staff, regions):
    item = submitted(office("440300", "Hall", status=Status.DRAFT), by=shenzhen_staff)
    response = client_for(editor).post(
        f"/admin/review/office/{item.pk}/",
        {"decision": "return", "comment": "Fix\x00it", "revision": item.revision},
    )
    assert response.status_code == 400
    assert Office.objects.get(pk=item.pk).status == Status.IN_REVIEW


def test_a_nul_in_a_form_field_is_a_400_and_saves_nothing(shenzhen_staff, regions):
    item = office("440300", "Hall", status=Status.DRAFT)
    response = client_for(shenzhen_staff).post(
        f"/admin/local/office/{item.pk}/change/", {"name": "Ha\x00ll"}
    )
    assert response.status_code == 400
    assert Office.objects.get(pk=item.pk).name == "Hall"
