"""A region's page names the steps it changes as citizens read them: as published."""

from django.test import Client

from guides.models import Step
from tests.factories import make_guide, step_change


def test_the_region_page_shows_published_steps_only(social_insurance_law, regions):
    guide = make_guide(steps=2)
    first = guide.steps.get(position=1)
    step_change("440300", first, "note", "Bring your residence permit.")
    Step.objects.filter(pk=first.pk).update(title="Renamed, not yet published")
    unpublished = Step.objects.create(
        guide=guide, position=3, kind="records", title="New", body="Not yet published."
    )
    step_change("440300", unpublished, "note", "A note on a step nobody can read yet.")
    page = Client().get("/regions/440000/440300/").content.decode()
    assert "Step 1, Step 1" in page and "Bring your residence permit." in page
    assert "Renamed, not yet published" not in page
    assert "A note on a step nobody can read yet." not in page
