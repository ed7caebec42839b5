"""A national guide as it applies in one region.

National content first, then the province's variations, then the city's: where
both change the same thing (a step's text, one national material, one national
payment method) the nearer region wins. Notes, local materials and local
payment methods add up. Offices and hotlines come from the nearest region that
lists any. Every item remembers where it came from, so a page can say so.

The variations of a region cost five queries whatever their number.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from guides import tree
from guides.models import GuideVersion
from guides.pages import (
    ShownGuide,
    ShownMaterial,
    ShownMethod,
    ShownStep,
    national,
    shown_material,
    shown_method,
)
from guides.tree import BuiltGuide
from local import history
from local.models import Hotline, LocalContent, MaterialChange, MethodChange, Office, StepChange
from portal.bilingual import shown_language
from regions.models import Region


@dataclass
class Variations:
    """The published variations in force in a region, already resolved nearest-first."""

    region: Region | None = None
    replacements: dict[int, StepChange] = field(default_factory=dict)
    notes: dict[int, list[StepChange]] = field(default_factory=lambda: defaultdict(list))
    material_changes: dict[int, MaterialChange] = field(default_factory=dict)
    local_materials: dict[int, list[MaterialChange]] = field(
        default_factory=lambda: defaultdict(list)
    )
    method_changes: dict[int, MethodChange] = field(default_factory=dict)
    local_methods: dict[int, list[MethodChange]] = field(default_factory=lambda: defaultdict(list))
    offices: list[Office] = field(default_factory=list)
    hotlines: list[Hotline] = field(default_factory=list)

    def changes(self) -> list[StepChange | MaterialChange | MethodChange]:
        """Every change of guide content in force here, in guide and step order."""
        found = [
            *self.replacements.values(),
            *(note for notes in self.notes.values() for note in notes),
            *self.material_changes.values(),
            *(item for items in self.local_materials.values() for item in items),
            *self.method_changes.values(),
            *(item for items in self.local_methods.values() for item in items),
        ]
        return sorted(found, key=lambda change: (change.step.guide_id, change.step.position))

    def items(self) -> list[LocalContent]:
        return [*self.changes(), *self.offices, *self.hotlines]


def collect_variations(
    *, region: Region | None, guide_id: int | None = None, before=None, proposed=None
) -> Variations:
    """The variations that apply in `region`, for one guide or for every published guide;
    or, given `before` (a time), those that applied just before it, as they read then.
    A `proposed` item (its latest version, not yet published) is shown in place of its
    published words, or added: a preview for its author and reviewer."""
    variations = Variations(region=region)
    if region is None:
        return variations
    chain = region.chain
    nearness = {link.code: index for index, link in enumerate(chain)}

    def fetch(model, *related, changes_a_guide=True):
        items = model.objects.for_regions(chain).select_related(*related)
        if before is None:
            items = items.published()
        if changes_a_guide:
            if guide_id is not None:
                items = items.filter(step__guide=guide_id)
            else:
                items = items.filter(step__guide__in=GuideVersion.objects.current().values("guide"))
        items = list(items) if before is None else history.as_they_stood(list(items), before)
        if proposed is not None and type(proposed) is model:
            items = [item for item in items if item.pk != proposed.pk]
            if proposed.region_id in nearness:
                items.append(proposed)
        for item in items:
            item.region = chain[nearness[item.region_id]]  # reuse, rather than join, the regions
        # Farthest first, so that a nearer region's change, applied later, wins.
        return sorted(items, key=lambda item: nearness[item.region_id])

    for change in fetch(StepChange, "step__guide"):
        if change.action == StepChange.Action.REPLACE:
            variations.replacements[change.step_id] = change
        else:
            variations.notes[change.step_id].append(change)
    for change in fetch(MaterialChange, "step__guide", "material"):
        if change.material_id:
            variations.material_changes[change.material_id] = change
        else:
            variations.local_materials[change.step_id].append(change)
    for change in fetch(MethodChange, "step__guide", "method"):
        if change.method_id:
            variations.method_changes[change.method_id] = change
        else:
            variations.local_methods[change.step_id].append(change)
    variations.offices, variations.hotlines = where_to_pay(
        region, fetch(Office, changes_a_guide=False), fetch(Hotline, changes_a_guide=False)
    )
    return variations


def where_to_pay(
    region: Region, offices: list[Office], hotlines: list[Hotline]
) -> tuple[list[Office], list[Hotline]]:
    """Of the offices and hotlines of `region` and the regions above it (farthest first),
    those that serve it: its own offices (they do not pass down as rules do, a province's
    counters do not serve its cities), and the hotlines of the nearest region with any."""
    return [office for office in offices if office.region_id == region.code], _nearest(hotlines)


def _nearest(items: list[LocalContent]) -> list[LocalContent]:
    """The items of the nearest region that has any (items come farthest first)."""
    if not items:
        return []
    nearest = items[-1].region_id
    return [item for item in items if item.region_id == nearest]


def localize(*, built: BuiltGuide, region: Region | None, before=None, proposed=None) -> ShownGuide:
    """The published guide `built` as it applies in `region` (None: the national guide),
    with the region's rules as they are, or as they stood just before `before`, or with
    one `proposed` item's latest version in it (collect_variations)."""
    if region is None:
        return national(built)
    variations = collect_variations(
        region=region, guide_id=built.guide.pk, before=before, proposed=proposed
    )
    shown_steps = []
    for item in built.steps:
        key = item.step.pk
        replacement = variations.replacements.get(key)
        materials = [
            _shown_material(material, variations.material_changes.get(material.pk))
            for material in item.materials
        ] + [_added_material(change) for change in variations.local_materials.get(key, [])]
        methods = [
            _shown_method(method, variations.method_changes.get(method.pk))
            for method in item.methods
        ] + [_added_method(change) for change in variations.local_methods.get(key, [])]
        shown_steps.append(
            ShownStep(
                step=item.step,
                body_html=replacement.text_html if replacement else item.step.body_html,
                citations=item.citations,
                replacement=replacement,
                notes=variations.notes.get(key, []),
                materials=materials,
                methods=methods,
                law_change=item.law_change,
            )
        )
    return ShownGuide(guide=built.guide, region=region, steps=shown_steps, variations=variations)


def _shown_material(material, change: MaterialChange | None) -> ShownMaterial:
    shown = shown_material(material)
    if change is not None:
        shown.state, shown.change = change.action, change
        if change.notes:
            shown.notes = change.notes
            shown.langs["notes"] = shown_language(change, "notes")
    return shown


def _added_material(change: MaterialChange) -> ShownMaterial:
    shown = shown_material(change)
    shown.state, shown.change = "add", change
    return shown


def _shown_method(method, change: MethodChange | None) -> ShownMethod:
    shown = shown_method(method)
    if change is not None:
        shown.state, shown.change = change.action, change
    return shown


def _added_method(change: MethodChange) -> ShownMethod:
    shown = shown_method(change)
    shown.state, shown.change = change.action, change
    return shown


def current_versions(changes: list) -> list[GuideVersion]:
    """The current versions of the guides that `changes` change (one query)."""
    return list(
        GuideVersion.objects.current().filter(
            guide__in={change.step.guide_id for change in changes}
        )
    )


def as_published(changes: list, versions: list[GuideVersion] | None = None) -> list:
    """The changes citizens can read, each with its step (and national material or method)
    as the guide's current version says them: a change to a row not yet published, or
    removed since, is left out. One query for any number of changes (none if the
    `versions` are given)."""
    if versions is None:
        versions = current_versions(changes)
    steps, items = {}, {MaterialChange: {}, MethodChange: {}}
    for version in versions:
        steps |= {step.pk: step for step in tree.rows(version.data, tree.STEP)}
        items[MaterialChange] |= {m.pk: m for m in tree.rows(version.data, tree.MATERIAL)}
        items[MethodChange] |= {m.pk: m for m in tree.rows(version.data, tree.METHOD)}
    shown = []
    for change in changes:
        change.published_step = steps.get(change.step_id)
        if change.published_step is None:
            continue
        if isinstance(change, MaterialChange | MethodChange) and change.item_id:
            change.published_item = items[type(change)].get(change.item_id)
            if change.published_item is None:
                continue
        shown.append(change)
    return shown
