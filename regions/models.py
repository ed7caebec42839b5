"""Regions: China's province-level divisions and the cities below them (GB/T 2260), and
the districts of some cities, by which people also name where they live.

The leaf of the portal: every other app may refer to a region, and this app
refers to none of them.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class RegionQuerySet(models.QuerySet):
    def provinces_with_cities(self) -> list["Region"]:
        """Every province, in code order, each with `cities`: its cities in code order."""
        regions = list(self.order_by("code"))
        provinces = [region for region in regions if not region.is_city]
        cities: dict[str, list[Region]] = {province.code: [] for province in provinces}
        for region in regions:
            if region.is_city:
                cities[region.parent_id].append(region)
        for province in provinces:
            province.cities = cities[province.code]
        return provinces

    def get_by_path(self, path: str) -> "Region":
        """The region at a URL path: '440000' (a province) or '440000/440300' (one of its cities).

        A city without its province, or under another one, does not exist here.
        """
        regions = self.select_related("parent")
        match path.split("/"):
            case [province]:
                return regions.get(code=province, level=Region.Level.PROVINCE)
            case [province, city]:
                return regions.get(code=city, parent_id=province)
        raise Region.DoesNotExist(path)


class Region(models.Model):
    """A province-level division, or a city below one (GB/T 2260): a prefecture-level
    division, or a county-level one that reports directly to its province (Xiantao)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province-level division")
        CITY = "city", _("City (prefecture-level, or county-level under the province)")

    code = models.CharField(
        max_length=6, primary_key=True, help_text=_("Six-digit GB/T 2260 code, e.g. 440300.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The province a city belongs to; empty for a province."),
    )
    level = models.CharField(max_length=10, choices=Level.choices, help_text=_("Province or city."))
    kind = models.CharField(
        max_length=40,
        help_text=_(
            "province, municipality, autonomous region, prefecture, or county-level under the "
            "province."
        ),
    )
    name_zh = models.CharField(_("Chinese name"), max_length=50, help_text=_("e.g. 深圳市."))
    name_en = models.CharField(_("English name"), max_length=50, help_text=_("e.g. Shenzhen."))

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=Q(level="province", parent__isnull=True)
                | Q(level="city", parent__isnull=False),
                name="region_city_has_a_province",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[1-9][0-9]{5}$"), name="region_code_six_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name_en

    def get_absolute_url(self) -> str:
        return reverse("local:region", kwargs={"path": self.path})

    @property
    def is_city(self) -> bool:
        return self.level == self.Level.CITY

    @property
    def path(self) -> str:
        """The region's part of a URL: '440000' for a province, '440000/440300' for a city."""
        return f"{self.parent_id}/{self.code}" if self.is_city else self.code

    @property
    def province(self) -> "Region":
        """The province-level division: the region itself, or a city's province."""
        return self.parent if self.is_city else self

    @property
    def chain(self) -> list["Region"]:
        """The region and those above it, farthest first: the order variations apply in."""
        return [self.parent, self] if self.is_city else [self]

    @property
    def full_name_en(self) -> str:
        return f"{self.name_en}, {self.parent.name_en}" if self.is_city else self.name_en

    @property
    def full_name_zh(self) -> str:
        return f"{self.parent.name_zh}{self.name_zh}" if self.is_city else self.name_zh

    # In the language of the page being built: 深圳市 on a Chinese page, Shenzhen on an English.
    @property
    def name(self) -> str:
        return self.name_zh if _chinese() else self.name_en

    @property
    def full_name(self) -> str:
        return self.full_name_zh if _chinese() else self.full_name_en

    @property
    def other_name(self) -> str:
        """The name in the other language, shown beside it so both readers recognise it."""
        return self.name_en if _chinese() else self.name_zh

    @property
    def other_full_name(self) -> str:
        return self.full_name_en if _chinese() else self.full_name_zh

    @property
    def other_lang(self) -> str:
        return "en" if _chinese() else "zh-Hans"


def _chinese() -> bool:
    return (get_language() or "").startswith("zh")


class District(models.Model):
    """A county-level division (a 区, 县 or county-level city) of a city or a municipality.

    Kept only so that a name people write (宝安, 浦东新区) leads to the region whose rules
    apply there: the portal has no pages of its own for districts.
    """

    code = models.CharField(
        max_length=6, primary_key=True, help_text=_("Six-digit GB/T 2260 code, e.g. 440306.")
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="districts",
        help_text=_("The city, or the municipality, whose rules apply in the district."),
    )
    name_zh = models.CharField(_("Chinese name"), max_length=50, help_text=_("e.g. 宝安区."))
    name_en = models.CharField(
        _("English name"),
        max_length=50,
        blank=True,
        help_text=_("Pinyin, where the district list gives it."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[1-9][0-9]{5}$"), name="district_code_six_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_zh} {self.name_en}".strip()

    def get_absolute_url(self) -> str:
        return self.region.get_absolute_url()  # the rules that apply in the district
