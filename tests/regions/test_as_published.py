"""Local rules name what they change as citizens read it: as published, never the working
copy, on the region's page and in search."""

from django.test import Client

from guides.models import Material
from search.indexing import rebuild
from search.models import Entry
from tests.factories import make_guide, material_change, steps_of


def test_a_change_to_an_unpublished_or_renamed_material_shows_as_published(
    social_insurance_law, regions
):
    guide = make_guide(steps=2)
    materials = steps_of(guide)["materials"]
    national = materials.materials.get()
    material_change("440300", materials, "not_needed", material=national)
    Material.objects.filter(pk=national.pk).update(name="a name not yet published")
    added = Material.objects.create(step=materials, position=2, name="a material not yet published")
    material_change("440300", materials, "not_needed", material=added)
    rebuild()
    page = Client().get("/regions/440000/440300/").content.decode()
    assert "Original of item 2: not needed here" in page
    assert "not yet published" not in page
    titles = " ".join(Entry.objects.filter(kind=Entry.Kind.LOCAL).values_list("title", flat=True))
    assert "Original of item 2" in titles and "not yet published" not in titles
