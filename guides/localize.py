"""A national guide as it applies in one region.

National content first, then the province's variations, then the city's: where
both change the same thing (a step's text, one national material, one national
payment method) the nearer region wins. Notes, local materials and local
payment methods add up. Offices and hotlines come from the nearest region that
lists any. Every item remembers where it came from, so a page can say so.

The variations of a region cost five queries whatever their number.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from guides.models import Guide, Material, PaymentMethod, Step
from regions.models import (
    Hotline,
    LocalContent,
    MaterialChange,
    MethodChange,
    Office,
    Region,
    StepChange,
)


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


def collect_variations(*, region: Region | None, guide: Guide | None = None) -> Variations:
    """The variations that apply in `region`, for one guide or for every published guide."""
    variations = Variations(region=region)
    if region is None:
        return variations
    chain = region.chain
    nearness = {link.code: index for index, link in enumerate(chain)}

    def fetch(model, *related, changes_a_guide=True):
        items = model.objects.published().for_regions(chain).select_related(*related)
        if changes_a_guide:
            items = items.filter(
                **({"step__guide": guide} if guide else {"step__guide__is_published": True})
            )
        items = list(items)
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
    variations.offices = _nearest(fetch(Office, changes_a_guide=False))
    variations.hotlines = _nearest(fetch(Hotline, changes_a_guide=False))
    return variations


def _nearest(items: list[LocalContent]) -> list[LocalContent]:
    """The items of the nearest region that has any (items come farthest first)."""
    if not items:
        return []
    nearest = items[-1].region_id
    return [item for item in items if item.region_id == nearest]


@dataclass
class LocalMaterial:
    """A material as it applies here: national, added locally, not needed or different."""

    label: str
    notes: str
    state: str
    change: MaterialChange | None = None

    @property
    def is_local(self) -> bool:
        return self.change is not None


@dataclass
class LocalMethod:
    """A payment method as it applies here: national, added locally or not available."""

    kind: str
    name: str
    description: str
    where: str
    you_need: str
    state: str
    change: MethodChange | None = None

    @property
    def is_local(self) -> bool:
        return self.change is not None


@dataclass
class LocalStep:
    step: Step
    body_html: str
    replacement: StepChange | None
    notes: list[StepChange]
    materials: list[LocalMaterial]
    methods: list[LocalMethod]

    @property
    def anchor(self) -> str:
        return self.step.anchor

    @property
    def is_local(self) -> bool:
        return bool(
            self.replacement
            or self.notes
            or any(item.is_local for item in [*self.materials, *self.methods])
        )


@dataclass
class LocalGuide:
    guide: Guide
    region: Region | None
    steps: list[LocalStep]
    variations: Variations

    @property
    def materials(self) -> list[LocalMaterial]:
        return [material for step in self.steps for material in step.materials]

    @property
    def methods(self) -> list[LocalMethod]:
        return [method for step in self.steps for method in step.methods]

    @property
    def has_local_content(self) -> bool:
        return bool(self.variations.items())

    @property
    def has_demo_content(self) -> bool:
        return any(item.is_demo for item in self.variations.items())


def _local_material(material: Material, change: MaterialChange | None) -> LocalMaterial:
    if change is None:
        return LocalMaterial(label=material.label, notes=material.notes, state="national")
    return LocalMaterial(
        label=material.label,
        notes=change.notes or material.notes,
        state=change.action,
        change=change,
    )


def _local_method(method: PaymentMethod, change: MethodChange | None) -> LocalMethod:
    return LocalMethod(
        kind=method.kind,
        name=method.name,
        description=method.description,
        where=method.where,
        you_need=method.you_need,
        state=change.action if change else "national",
        change=change,
    )


def _added_method(change: MethodChange) -> LocalMethod:
    return LocalMethod(
        kind=change.kind,
        name=change.name,
        description=change.description,
        where=change.where,
        you_need=change.you_need,
        state=change.action,
        change=change,
    )


def localize(
    *, guide: Guide, region: Region | None, steps: Iterable[Step] | None = None
) -> LocalGuide:
    """The guide as it applies in `region` (None: the national guide, unchanged).

    `steps` (default: all the guide's steps) come with their materials and payment
    methods prefetched.
    """
    # A draft's rows stand for published ones (origin), which variations refer to.
    live = guide.draft_of if guide.draft_of_id else guide
    variations = collect_variations(region=region, guide=live)
    local_steps = []
    for step in guide.steps.all() if steps is None else steps:
        key = step.origin_id or step.pk
        replacement = variations.replacements.get(key)
        materials = [
            _local_material(
                material, variations.material_changes.get(material.origin_id or material.pk)
            )
            for material in step.materials.all()
        ] + [
            LocalMaterial(label=change.label, notes=change.notes, state="add", change=change)
            for change in variations.local_materials.get(key, [])
        ]
        methods = [
            _local_method(method, variations.method_changes.get(method.origin_id or method.pk))
            for method in step.payment_methods.all()
        ] + [_added_method(change) for change in variations.local_methods.get(key, [])]
        local_steps.append(
            LocalStep(
                step=step,
                body_html=replacement.text_html if replacement else step.body_html,
                replacement=replacement,
                notes=variations.notes.get(key, []),
                materials=materials,
                methods=methods,
            )
        )
    return LocalGuide(guide=guide, region=region, steps=local_steps, variations=variations)
