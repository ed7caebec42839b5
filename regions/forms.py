"""The region chooser: a province then a city from lists, or a name typed in."""

import re

from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.cache import cached_object
from regions.models import Region

EN_ENDING = re.compile(r"\s+(city|province|municipality|prefecture|county)$")
# Citizens type pinyin without its marks: Xian for Xi'an, Lvliang or Luliang for Lüliang.
PINYIN_FOLDS = str.maketrans({"'": None, "’": None, "-": None, "ü": "u", "v": "u"})


def _folded(name: str) -> str:
    return EN_ENDING.sub("", name.casefold()).translate(PINYIN_FOLDS)


def _names_match(wanted: str, region: Region) -> bool:
    """深圳 or 深圳市 or shenzhen or Shenzhen City all name 深圳市 Shenzhen; Xian names Xi'an."""
    if _folded(wanted) == _folded(region.name_en):
        return True
    # Chinese names are often given without their ending (市, 省, 壮族自治区…).
    return len(wanted) >= 2 and (region.name_zh.startswith(wanted) or wanted == region.full_name_zh)


def find_regions(text: str, regions: list[Region]) -> list[Region]:
    """Regions named `text`, in Chinese or English, with or without their ending.

    "City, Province" narrows a name several cities share (Taizhou, Zhejiang).
    `regions` is every region with its parent loaded.
    """
    text = text.split("·")[0]  # a type-ahead suggestion: "Shenzhen, Guangdong · 广东省深圳市"
    name, _, within = (" ".join(part.split()) for part in text.replace("，", ",").partition(","))
    if not name:
        return []
    return [
        region
        for region in regions
        if _names_match(name, region)
        and (not within or (region.is_city and _names_match(within, region.parent)))
    ]


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
        regions = {item.code: item for item in Region.objects.select_related("parent")}
        if data.get("place", "").strip():
            found = find_regions(data["place"], list(regions.values()))
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
