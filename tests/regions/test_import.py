"""Regions come from fixtures/regions/regions.csv; demonstration variations from JSON."""

import json

import pytest
from django.core.management import call_command

from local.models import GUIDE_CHANGES, LOCAL_MODELS, REGION_ITEMS, Hotline
from local.services import load_variations
from regions.models import Region
from regions.services import RegionDataError, import_regions
from tests.conftest import REGIONS_CSV
from tests.factories import SEED_GUIDE

HEADER = "code,parent_code,level,kind,name_zh,name_en\n"


def test_all_provinces_and_cities_are_there(regions):
    assert Region.objects.filter(level="province").count() == 31
    assert Region.objects.filter(level="city").count() == 333 + 32
    shenzhen = Region.objects.get(code="440300")
    assert (shenzhen.name_zh, shenzhen.name_en, shenzhen.parent.name_en) == (
        "深圳市",
        "Shenzhen",
        "Guangdong",
    )
    municipalities = Region.objects.filter(kind="municipality")
    assert sorted(m.name_en for m in municipalities) == [
        "Beijing",
        "Chongqing",
        "Shanghai",
        "Tianjin",
    ]
    assert not Region.objects.filter(parent__in=municipalities).exists()


def test_importing_again_changes_nothing_and_updates_renamed_regions(regions, tmp_path):
    assert import_regions(path=REGIONS_CSV).nothing_changed
    renamed = tmp_path / "regions.csv"
    renamed.write_text(
        REGIONS_CSV.read_text(encoding="utf-8").replace(",Shenzhen\n", ",Shenzhen City\n"),
        encoding="utf-8",
    )
    report = import_regions(path=renamed)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 31 + 333 + 32 - 1)
    assert Region.objects.get(code="440300").name_en == "Shenzhen City"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "440000,,province,province,广东省,Guangdong\n44030,440000,city,p,深圳市,Shenzhen\n",
            ":3: '44030' is not a six-digit code",
        ),
        ("440300,990000,city,prefecture,深圳市,Shenzhen\n", ":2: unknown province '990000'"),
        ("440000,,town,province,广东省,Guangdong\n", ":2: unknown level 'town'"),
        ("440000,,province,province,,Guangdong\n", ":2: a region needs a Chinese and an English"),
    ],
)
def test_a_bad_regions_file_is_refused_with_its_line_and_nothing_written(
    regions, tmp_path, rows, message
):
    before = list(Region.objects.values_list("code", "name_en"))
    path = tmp_path / "regions.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(RegionDataError, match=message):
        import_regions(path=path)
    assert list(Region.objects.values_list("code", "name_en")) == before


def test_seed_loads_the_demonstration_variations_once_and_keeps_edits(
    social_insurance_law, regions
):
    call_command("seed", verbosity=0, stdout=None)
    counts = {model.__name__: model.objects.count() for model in LOCAL_MODELS}
    assert all(counts.values()), counts  # every kind of local item is demonstrated
    assert all(item.is_demo for model in LOCAL_MODELS for item in model.objects.all())
    variations = [*GUIDE_CHANGES, *REGION_ITEMS]
    regions_used = {item.region_id for model in variations for item in model.objects.all()}
    assert regions_used == {"440000", "440300"}

    hotline = Hotline.objects.get(region_id="440300")
    hotline.hours = "Edited by an editor"
    hotline.save()
    call_command("seed", verbosity=0)
    assert {model.__name__: model.objects.count() for model in LOCAL_MODELS} == counts
    hotline.refresh_from_db()
    assert hotline.hours == "Edited by an editor"


def test_a_bad_variation_is_refused_with_where_and_why(social_insurance_law, regions):
    from guides.services import load_guide_file

    load_guide_file(SEED_GUIDE)
    guide = json.loads(SEED_GUIDE.read_text(encoding="utf-8"))["slug"]
    good = {
        "type": "hotline", "region": "440300", "name": "Hotline", "number": "12333",
        "source": "Notice", "last_verified": "2026-11-01", "verified_by": "Team",
    }  # fmt: skip
    provenance = {k: good[k] for k in ("source", "last_verified", "verified_by")}
    bad = {"type": "material", "action": "different", "guide": guide, "step": 2, "material": 1,
           "region": "440300", **provenance}  # fmt: skip
    with pytest.raises(RegionDataError, match="item 2: Say what is different here"):
        load_variations(data={"items": [good, bad]})
    assert not LOCAL_MODELS[-1].objects.exists()  # the good item before it was not kept
    with pytest.raises(RegionDataError, match="item 1: unknown region '999999'"):
        load_variations(data={"items": [{**good, "region": "999999"}]})
    with pytest.raises(RegionDataError, match=r"item 1: .*unexpected keyword arguments: 'colour'"):
        load_variations(data={"items": [{**good, "colour": "red"}]})
