"""Template tags the guides app lends to other apps' pages."""

from dataclasses import dataclass, field

from django import template
from django.db.models import F
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

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
        # Translators: what a guide step cites: "(cites the article and paragraph 2)".
        whole = [(gettext("the article"), None)] if self.whole else []
        return whole + [
            # Translators: what a guide step cites: "(cites the article and paragraph 2)".
            (gettext("paragraph %(paragraph)s") % {"paragraph": p.number}, p.anchor)
            for p in self.paragraphs
        ]

    @property
    def cited(self) -> SafeString:
        """The parts as a list in a sentence, each paragraph a link to it on the page:
        "the article, paragraph 1 and paragraph 2"."""
        return listed(
            [
                format_html('<a href="#{}">{}</a>', anchor, label) if anchor else label
                for label, anchor in self.parts
            ]
        )


def listed(items: list) -> SafeString:
    """Items (escaped here unless safe already) as a list in a sentence: "a, b and c"."""
    items = [conditional_escape(item) for item in items]
    if len(items) < 2:
        return mark_safe("".join(items))  # noqa: S308 - escaped above
    # Translators: between the items of a list, but the last two: "a, b and c".
    head = gettext(", ").join(items[:-1])
    # Translators: a list ended by its last item: "a, b and c".
    ending = gettext("%(items)s and %(last)s") % {"items": head, "last": items[-1]}
    return mark_safe(ending)  # noqa: S308 - every item escaped above


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
