"""The law behind each number and step of the answers and calculators, to the paragraph."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from laws.models import Statute
from portal.cache import cached_object

LAW = "social-insurance-law"
COLLECTION = "premium-collection-interim-regulations"
HANDLING = "insurance-handling-regulations"


@dataclass(frozen=True)
class Basis:
    statute: str
    article: int
    paragraph: int | None
    note: Promise | str

    @property
    def url(self) -> str:
        url = reverse("laws:article", kwargs={"statute": self.statute, "number": self.article})
        return url + (f"#p{self.paragraph}" if self.paragraph else "")

    @property
    def label(self) -> str:
        if self.paragraph:
            return gettext("Article %(article)s, paragraph %(paragraph)s") % {
                "article": self.article,
                "paragraph": self.paragraph,
            }
        return gettext("Article %(article)s") % {"article": self.article}

    @property
    def statute_title(self) -> str:
        titles = cached_object(
            "statute-titles",
            build=lambda: {s.slug: (s.title_zh, s.title_en) for s in Statute.objects.all()},
        )
        zh, en = titles.get(self.statute, ("", self.statute))
        return zh if (get_language() or "").startswith("zh") else (en or zh)


FLEXIBLE_PENSION = Basis(LAW, 10, 2, _(
    "Flexible workers may join the basic pension insurance, and pay its contributions themselves."
))  # fmt: skip
FLEXIBLE_PENSION_RULES = Basis(LAW, 12, 3, _(
    "They pay as the state's rules say, into the pooled fund and their own account."
))  # fmt: skip
FLEXIBLE_MEDICAL = Basis(LAW, 23, 2, _(
    "Flexible workers may join the employees' basic medical insurance, and pay themselves."
))  # fmt: skip
PAY_DIRECTLY = Basis(LAW, 60, 2, _(
    "Flexible workers who take part pay their contributions directly."
))  # fmt: skip
EMPLOYER_PAYS = Basis(LAW, 60, 1, _(
    "Employers declare and pay in full and on time, and withhold and pay their employees' share."
))  # fmt: skip
LATE_FEE = Basis(LAW, 86, None, _(
    "An employer that does not pay in full and on time is ordered to pay, and from the day "
    "payment is in arrears pays a late fee of 0.05% a day."
))  # fmt: skip
UNIFIED_COLLECTION = Basis(LAW, 59, 2, _(
    "Contributions are collected in one system; the State Council sets how and in what stages."
))  # fmt: skip
WHO_COLLECTS = Basis(COLLECTION, 6, None, _(
    "Each province decides who collects: the tax authorities or the social insurance agency."
))  # fmt: skip
RURAL_PENSION = Basis(LAW, 20, 2, _(
    "The rural residents' pension combines personal contributions, collective help and "
    "government subsidies."
))  # fmt: skip
URBAN_PENSION = Basis(LAW, 22, 2, _(
    "Provinces may run the urban and the rural residents' pensions as one scheme."
))  # fmt: skip
URBAN_MEDICAL = Basis(LAW, 25, 2, _(
    "The urban residents' medical insurance combines personal contributions and government "
    "subsidies."
))  # fmt: skip
EMPLOYEE_PENSION = Basis(LAW, 10, 1, _(
    "Employees join the basic pension insurance; employer and employee pay together."
))  # fmt: skip
EMPLOYER_SHARE = Basis(LAW, 12, 1, _(
    "The employer pays a share of its total wages set by the state, into the pooled fund."
))  # fmt: skip
EMPLOYEE_SHARE = Basis(LAW, 12, 2, _(
    "The employee pays a share of their own wage set by the state, into their own account."
))  # fmt: skip

COLLECTS = [UNIFIED_COLLECTION, WHO_COLLECTS]
AMOUNTS = {
    "flexible": [FLEXIBLE_PENSION, FLEXIBLE_PENSION_RULES, FLEXIBLE_MEDICAL, PAY_DIRECTLY],
    "resident": [RURAL_PENSION, URBAN_PENSION, URBAN_MEDICAL],
    "employee": [EMPLOYEE_PENSION, EMPLOYER_SHARE, EMPLOYEE_SHARE, EMPLOYER_PAYS],
}
LATE = [LATE_FEE]
EMPLOYER_REGISTERS = Basis(LAW, 57, 1, _(
    "An employer applies to the local social insurance agency to register within 30 days of "
    "being set up."
))  # fmt: skip
REGISTERED_WITH_THE_BUSINESS = Basis(HANDLING, 6, 1, _(
    "An employer registers for social insurance when it registers with the registration authority."
))  # fmt: skip
REGISTERS_ITS_EMPLOYEES = Basis(LAW, 58, 1, _(
    "The employer registers its employees within 30 days of taking them on."
))  # fmt: skip
EMPLOYER_REGISTRATION = [EMPLOYER_REGISTERS, REGISTERED_WITH_THE_BUSINESS, REGISTERS_ITS_EMPLOYEES]
