"""Steps whose cited law changed after an editor last checked them.

A step records when an editor last checked it against the law it cites
(``Step.law_checked_at``): when it was written, when a publication changed it
(guides.publishing), or when an editor confirmed that it still holds. A wording
recorded after that (``Wording.recorded_at``: a new wording imported, in force already
or only scheduled, or the words of one already held corrected) of a paragraph the step
cites, or of any paragraph of an article it cites whole, flags the step: on its page,
for citizens, and on the editors' dashboard, with the wording before and after, until
an editor confirms it or publishes a change to it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from guides.models import Citation, GuideVersion, Step
from laws.diff import inline_diff
from laws.models import Wording


@dataclass
class WordingChange:
    """One paragraph's new words: the wording before (None for a new paragraph), after."""

    before: Wording | None
    after: Wording

    @property
    def paragraph(self):
        return self.after.paragraph

    @property
    def diff(self):
        """The Chinese text, what was taken out and put in marked (escaped HTML)."""
        return inline_diff(self.before.text_zh if self.before else "", self.after.text_zh)


@dataclass
class LawChange:
    """What changed in the law a step cites since an editor last checked the step."""

    checked_at: datetime.datetime
    changes: list[WordingChange]  # the newest first

    @property
    def day(self) -> datetime.date:
        """The day the newest of the new words is, or will be, in force."""
        return self.changes[0].after.in_force_from

    @property
    def in_force(self) -> bool:
        return self.day <= timezone.localdate()

    @property
    def checked_on(self) -> datetime.date:
        return timezone.localdate(self.checked_at)


def _cites(citation, wording: Wording) -> bool:
    if citation.paragraph_id:
        return citation.paragraph_id == wording.paragraph_id
    return citation.article_id == wording.paragraph.article_id


def _cited(citations):
    """The wordings of the paragraphs the citations name (each article's, if whole)."""
    paragraphs = {c.paragraph_id for c in citations if c.paragraph_id}
    articles = {c.article_id for c in citations if not c.paragraph_id}
    return Wording.objects.filter(Q(paragraph__in=paragraphs) | Q(paragraph__article__in=articles))


def _wordings_cited(citations) -> list[Wording]:
    """Every wording of the paragraphs the citations name, oldest first, in one query."""
    return list(
        _cited(citations)
        .select_related("paragraph__article__statute")
        .order_by("paragraph_id", "in_force_from")
    )


def _change(checked_at, citations, wordings: list[Wording]) -> LawChange | None:
    """For each cited paragraph with words recorded since `checked_at`: the latest of them
    (after), and the wording the step was checked against (before): the one in force before
    the first of the new words, or, where the words of the first period were themselves
    corrected, the one in force just before the latest. None if no earlier one is held."""
    by_paragraph: dict[int, list[Wording]] = {}
    for wording in wordings:  # oldest first, paragraph by paragraph
        by_paragraph.setdefault(wording.paragraph_id, []).append(wording)
    found = []
    for held in by_paragraph.values():
        new = [
            index
            for index, wording in enumerate(held)
            if wording.recorded_at > checked_at and any(_cites(c, wording) for c in citations)
        ]
        if not new:
            continue
        first, last = new[0], new[-1]
        before = held[first - 1] if first else (held[last - 1] if last else None)
        found.append(WordingChange(before=before, after=held[last]))
    if not found:
        return None
    found.sort(
        key=lambda change: (change.after.in_force_from, -change.after.paragraph.number),
        reverse=True,
    )
    return LawChange(checked_at=checked_at, changes=found)


def attach(built) -> None:
    """Set each step of a built guide (guides.tree.BuiltGuide) its ``law_change``, or
    None. One query when nothing changed since the steps were checked (the usual case),
    three when something did, none for a guide whose steps cite nothing."""
    citing = {item.step.pk: item for item in built.steps if item.step.pk and item.citations}
    for item in built.steps:
        item.law_change = None
    if not citing:
        return
    cited = [c for item in citing.values() for c in item.citations]
    earliest_check = Subquery(
        Step.objects.filter(pk__in=citing).order_by("law_checked_at").values("law_checked_at")[:1]
    )
    if not _cited(cited).filter(recorded_at__gt=earliest_check).exists():
        return
    checked = dict(Step.objects.filter(pk__in=citing).values_list("pk", "law_checked_at"))
    wordings = _wordings_cited(cited)  # with the ones before the new, for the comparison
    for pk, checked_at in checked.items():
        citing[pk].law_change = _change(checked_at, citing[pk].citations, wordings)


@dataclass
class StepToCheck:
    step: Step
    law_change: LawChange


def _recorded_since_checked(**cited) -> Exists:
    return Exists(Wording.objects.filter(**cited, recorded_at__gt=OuterRef("step__law_checked_at")))


def steps_to_check(guide=None) -> list[StepToCheck]:
    """Every step (of `guide`, or of all guides) whose cited law changed since it was last
    checked, with its guide and the wordings before and after: two queries, however
    many there are."""
    # The guides citizens read (a guide never published, or withdrawn, warns no one).
    citations = Citation.objects.filter(
        step__isnull=False, step__guide__in=GuideVersion.objects.current().values("guide")
    )
    if guide is not None:
        citations = citations.filter(step__guide=guide)
    flagged = (
        citations.filter(
            Q(paragraph__isnull=False) & _recorded_since_checked(paragraph=OuterRef("paragraph"))
            | Q(paragraph__isnull=True)
            & _recorded_since_checked(paragraph__article=OuterRef("article"))
        )
        .select_related("step__guide")
        .order_by("step__guide__title", "step__position", "position")
    )
    by_step: dict[int, tuple[Step, list[Citation]]] = {}
    for citation in flagged:
        by_step.setdefault(citation.step_id, (citation.step, []))[1].append(citation)
    if not by_step:
        return []
    wordings = _wordings_cited([c for _step, found in by_step.values() for c in found])
    found = []
    for step, citations in by_step.values():
        change = _change(step.law_checked_at, citations, wordings)
        if change is not None:
            found.append(StepToCheck(step=step, law_change=change))
    return found


def confirm(step: Step, *, user) -> None:
    """An editor's word that the step still holds under the law as it now reads."""
    step.law_checked_at = timezone.now()
    step.law_checked_by = user
    step.save(update_fields=["law_checked_at", "law_checked_by"])
