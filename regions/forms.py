"""The region chooser: a province then a city from lists, or a name typed in."""

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.cache import cached_object
from regions.models import District, Region

# Endings people add or leave out: "Shenzhen City", "Ding'an" for Ding'an County.
EN_ENDING = re.compile(
    r"\s+(forestry district|city|province|municipality|prefecture|county|district)$"
)
# An autonomous prefecture or county is also called by its first word: Xishuangbanna, Baisha.
EN_AUTONOMOUS = re.compile(r"(\S+) .* Autonomous (Prefecture|County)")
# 深圳 for 深圳市, 浦东 for 浦东新区, 兴安 for 兴安盟.
ZH_ENDING = re.compile(r"(自治区|自治州|自治县|地区|林区|新区|省|市|县|区|盟|旗)$")
# Citizens type pinyin without its marks (ü and ê go with the accents): Xian for Xi'an,
# Lvliang or Luliang for Lüliang; and spaces where they like: Da Hinggan Ling, Dahingganling.
PINYIN_FOLDS = str.maketrans({"'": None, "’": None, "-": None, " ": None, "v": "u"})
# Where one name may end and the next begin: at spaces and commas, and between Chinese
# characters, which are written without spaces (广东深圳).
PIECES = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\s,，、\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"
)
MOST_NAMES = 3  # a province, a city and a district: 广东省深圳市宝安区


def _key(name: str) -> str:
    """A name as compared: case, accents, apostrophes, spaces and an English ending aside."""
    name = EN_ENDING.sub("", " ".join(name.casefold().split()))
    if not name.isascii():
        marked = unicodedata.normalize("NFKD", name)  # also full-width letters made plain
        name = "".join(char for char in marked if not unicodedata.combining(char))
    return name.translate(PINYIN_FOLDS)


@dataclass(frozen=True)
class _Place:
    """A region, or a district standing for its region; `within`: the codes of those it is in."""

    code: str
    region: str
    within: frozenset[str]


class _Names:
    """Every name of every place, in full (深圳市, 深圳, Shenzhen, Shenzhen City) or cut short
    (恩施 for 恩施土家族苗族自治州; Xishuangbanna). A name finds the places that have it in
    full, and only a name none has in full finds those it cuts short: 海南 and Hainan are
    the province, not also 海南藏族自治州, Hainan Tibetan Autonomous Prefecture."""

    def __init__(self, entries: tuple[tuple[str, str, tuple[str, ...], str, str], ...]):
        self.full: dict[str, list[_Place]] = {}
        self.short: dict[str, list[_Place]] = {}
        for code, region, within, name_zh, name_en in entries:
            place = _Place(code, region, frozenset(within))
            full = {_key(name_zh), _key(name_en)}
            without_ending = ZH_ENDING.sub("", name_zh)
            if len(without_ending) >= 2:
                full.add(_key(without_ending))
            # Chinese names are often given cut short: 广西, 内蒙古, 恩施.
            short = {name_zh[:length] for length in range(2, len(name_zh))}
            if autonomous := EN_AUTONOMOUS.fullmatch(name_en):
                short.add(_key(autonomous[1]))
            for index, keys in ((self.full, full), (self.short, short - full)):
                for key in keys - {""}:
                    index.setdefault(key, []).append(place)

    def named(self, name: str) -> list[_Place]:
        key = _key(name)
        return self.full.get(key) or self.short.get(key) or []

    def readings(self, pieces: list[str], most: int = MOST_NAMES) -> Iterator[list[list[_Place]]]:
        """`pieces` read as up to `most` names in a row, each naming some place."""
        ends = range(len(pieces), 0, -1) if most > 1 else [len(pieces)]
        for end in ends:
            places = self.named(" ".join(pieces[:end]))
            if not places:
                continue
            if end == len(pieces):
                yield [places]
            else:
                for rest in self.readings(pieces[end:], most - 1):
                    yield [places, *rest]


@lru_cache(maxsize=4)
def _names(entries: tuple[tuple[str, str, tuple[str, ...], str, str], ...]) -> _Names:
    """The names of the same regions and districts, made once. Callers pass fresh copies of
    them (a kept object is unpickled for each), so they are known by what they hold: each
    one's code, the region it stands for, the codes of those it is in, and its names."""
    return _Names(entries)


def _narrowest(names: list[list[_Place]]) -> list[_Place]:
    """Of names in a row, largest first, the places of the last that lie in one of each."""
    fitting = names[0]
    for places in names[1:]:
        codes = {place.code for place in fitting}
        fitting = [place for place in places if place.within & codes]
    return fitting


def find_regions(
    text: str, regions: Iterable[Region], districts: Iterable[District] = ()
) -> list[Region]:
    """Regions named `text`, in Chinese or English, with or without their ending, or by one
    of their districts (宝安 is in Shenzhen).

    A province and a city, or a city and a district, in either order, narrow a name several
    places share: 广东深圳, 广东省深圳市, "Shenzhen, Guangdong", "Taizhou, Zhejiang".
    `regions` is every region; `districts` those known, whose regions are among `regions`.
    """
    by_code = {region.code: region for region in regions}
    entries = [
        (
            code,
            code,
            (region.parent_id,) if region.parent_id else (),
            region.name_zh,
            region.name_en,
        )
        for code, region in by_code.items()
    ]
    for district in districts:
        if region := by_code.get(district.region_id):
            within = (region.code, region.parent_id) if region.parent_id else (region.code,)
            entries.append((district.code, region.code, within, district.name_zh, district.name_en))
    names = _names(tuple(entries))
    text = text.split("·")[0]  # a type-ahead suggestion: "Shenzhen, Guangdong · 广东省深圳市"
    found = set()
    for reading in names.readings(PIECES.findall(text)):
        # Chinese writes the largest first (广东深圳), English often the smallest (Shenzhen,
        # Guangdong).
        found.update(place.region for place in _narrowest(reading) + _narrowest(reading[::-1]))
    return [by_code[code] for code in sorted(found)]


def all_regions() -> list[Region]:
    """Every region with its province, kept like the chooser's: what a typed name is one of."""
    return cached_object("all-regions", build=lambda: list(Region.objects.select_related("parent")))


def known_districts() -> list[District]:
    """The districts a typed name may be, kept like the chooser's regions."""
    return cached_object("chooser-districts", build=lambda: list(District.objects.all()))


def chooser_regions(province: Region | None = None) -> list[Region]:
    """What the chooser lists: every province, and the cities of the one shown."""
    lookup = Q(level=Region.Level.PROVINCE)
    if province is not None:
        lookup |= Q(parent=province)
    code = province.code if province else ""
    return cached_object("chooser-regions", code, build=lambda: list(Region.objects.filter(lookup)))


def option_label(region: Region) -> str:
    """A region as the chooser lists it: in Chinese on a Chinese page; in English with the
    Chinese after it on an English page, as the reader will see it written locally."""
    if region.other_lang == "en":
        return region.name
    return f"{region.name} {region.other_name}"


class RegionSelect(forms.Select):
    """The same <select> as Django's, written out directly.

    Django renders every option through a template: for the 30-odd provinces and the
    cities of one, that was most of the time it took to build a guide page.
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (code, mark_safe(" selected") if str(code) in chosen else "", label)
                for code, label in self.choices
            ),
        )
        attributes = flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name}))
        return format_html("<select{}>{}</select>", attributes, options)


class RegionChooserForm(forms.Form):
    """Province (then city) from the lists, or a typed name instead of both."""

    use_required_attribute = False  # a typed name is enough: the server decides
    province = forms.CharField(
        label=_("Province, autonomous region or municipality"),
        error_messages={"required": _("Choose your province, or type the name of your city.")},
        widget=RegionSelect(attrs={"class": "c-select"}),
    )
    city = forms.CharField(
        label=_("City"),
        required=False,
        widget=RegionSelect(attrs={"class": "c-select"}),
        help_text=_("Leave as it is to see the rules of the whole province."),
    )
    place = forms.CharField(
        label=_("Or type the name of your city or province"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"class": "c-input", "autocomplete": "off"}),
        # Shown as HTML (includes/field.html): the Chinese marked as Chinese.
        help_text=_(
            'In Chinese or English, for example <span lang="zh-Hans">深圳</span> or Shenzhen.'
        ),
        error_messages={"max_length": _("Type a name of up to 60 characters.")},
    )

    def __init__(self, *args, listed: list[Region], region: Region | None = None, **kwargs):
        province = region.province if region else None
        initial = {"province": province.code if province else "", "city": ""}
        if region and region.is_city:
            initial["city"] = region.code
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["province"].widget.choices = [("", gettext("Choose…"))] + [
            (item.code, option_label(item)) for item in listed if not item.is_city
        ]
        self.fields["city"].widget.choices = [("", gettext("The whole province"))] + [
            (item.code, option_label(item))
            for item in listed
            if item.is_city and province and item.parent_id == province.code
        ]
        self.region: Region | None = None
        self.candidates: list[Region] = []

    def clean(self) -> dict:
        data = super().clean()
        if data.get("place", "").strip():
            self.errors.pop("province", None)  # the typed name stands in for the lists
        if self.errors:
            return data
        regions = {item.code: item for item in all_regions()}
        if data.get("place", "").strip():
            found = find_regions(data["place"], regions.values(), known_districts())
            if not found:
                self.add_error(
                    "place",
                    gettext(
                        "We could not find a province or city called “%(place)s”. "
                        "Check the spelling, or choose from the lists."
                    )
                    % {"place": data["place"].strip()},
                )
            elif len(found) == 1:
                self.region = found[0]
            else:
                self.candidates = found
            return data
        province = regions.get(data.get("province", ""))
        if province is None or province.is_city:
            self.add_error(
                "province", gettext("Choose your province, or type the name of your city.")
            )
            return data
        city = regions.get(data.get("city", ""))
        # A city left over from another province (the lists are changed without
        # JavaScript) means the citizen changed province: show the new one.
        self.region = city if city and city.parent_id == province.code else province
        return data
