"""Template tags the guides app lends to other apps' pages."""

from dataclasses import dataclass, field

from django import template
from django.db.models import F
from django.urls import reverse

from guides.models import GuideVersion, VersionCitation

register = template.Library()


@dataclass
class Citing:
    """A published guide's step, or its legal basis, citing an article: `paragraphs` of
    it, or the whole article when there are none."""

    guide_title: str
    guide_url: str
    step_position: int | None  # None: the guide's legal basis
    step_title: str
    paragraphs: list = field(default_factory=list)
    whole: bool = False  # it also cites the article as a whole

    @property
    def step_url(self) -> str:
        return f"{self.guide_url}#step-{self.step_position}"

    @property
    def parts(self) -> list[tuple[str, str | None]]:
        """What it cites, said in a list: ("the article", None), ("paragraph 2", "p2")…"""
        whole = [("the article", None)] if self.whole else []
        return whole + [(f"paragraph {p.number}", p.anchor) for p in self.paragraphs]


@register.simple_tag
def cited_by(article) -> list[Citing]:
    """The guide steps (and guides' legal bases) citing `article` in what citizens read now,
    each once, with the paragraphs it cites. The citations belong to the guides: the laws
    app only shows them, through this tag."""
    citations = (
        VersionCitation.objects.filter(
            article=article, version__in=GuideVersion.objects.current().values("pk")
        )
        .select_related("version", "paragraph")
        .order_by(
            "version__title",
            F("step_position").asc(nulls_first=True),
            F("paragraph__number").asc(nulls_first=True),
            "pk",
        )
    )
    citing: dict[tuple, Citing] = {}
    for citation in citations:
        key = (citation.version_id, citation.step_position)
        if key not in citing:
            citing[key] = Citing(
                guide_title=citation.version.title,
                guide_url=reverse("guides:guide", kwargs={"slug": citation.version.slug}),
                step_position=citation.step_position,
                step_title=citation.step_title,
            )
        if citation.paragraph:
            citing[key].paragraphs.append(citation.paragraph)
        else:
            citing[key].whole = True
    return list(citing.values())
