"""A guide as a page shows it: each step with its text, materials and payment methods.

The national page shows the guide as published; the local app fills in the same shapes
with a region's variations (local.localize), so one template shows both.
"""

from dataclasses import dataclass, field

from guides.models import Step
from guides.tree import BuiltGuide
from portal.bilingual import shown_language


@dataclass
class ShownMaterial:
    """A material as it applies: national, or added, not needed or different locally."""

    label: str
    notes: str
    state: str = "national"
    change: object = None  # the local item behind it, if any
    # The language of a text not yet translated into the page's: {"label": "en"}.
    langs: dict = field(default_factory=dict)

    @property
    def is_local(self) -> bool:
        return self.change is not None


@dataclass
class ShownMethod:
    """A payment method as it applies: national, or added or not available locally."""

    kind: str
    name: str
    description: str
    where: str
    you_need: str
    url: str = ""
    state: str = "national"
    change: object = None
    langs: dict = field(default_factory=dict)  # as ShownMaterial's

    @property
    def is_local(self) -> bool:
        return self.change is not None


@dataclass
class ShownStep:
    step: object  # guides.models.Step, unsaved, as the version says it
    body_html: str
    citations: list
    materials: list[ShownMaterial]
    methods: list[ShownMethod]
    replacement: object = None
    notes: list = field(default_factory=list)
    law_change: object = None  # guides.lawchanges.LawChange, if the cited law changed

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
class ShownGuide:
    guide: object
    region: object
    steps: list[ShownStep]
    variations: object = None  # local.localize.Variations, for a region

    @property
    def materials(self) -> list[ShownMaterial]:
        return [material for step in self.steps for material in step.materials]

    @property
    def checklist(self) -> list[ShownMaterial]:
        """What to bring: the materials of the guide's 'Prepare materials' steps."""
        return [
            material
            for step in self.steps
            if step.step.kind == Step.Kind.MATERIALS
            for material in step.materials
        ]

    @property
    def methods(self) -> list[ShownMethod]:
        return [method for step in self.steps for method in step.methods]

    @property
    def local_items(self) -> list:
        return self.variations.items() if self.variations is not None else []

    @property
    def has_local_content(self) -> bool:
        return bool(self.local_items)

    @property
    def has_demo_content(self) -> bool:
        return any(item.is_demo for item in self.local_items)


def _langs(row, **names: str) -> dict:
    return {shown: code for shown, name in names.items() if (code := shown_language(row, name))}


def shown_method(method) -> ShownMethod:
    names = ("name", "description", "where", "you_need")
    return ShownMethod(
        kind=method.kind,
        name=method.name,
        description=method.description,
        where=method.where,
        you_need=method.you_need,
        url=method.url,
        langs=_langs(method, **{name: name for name in names}),
    )


def shown_material(material) -> ShownMaterial:
    return ShownMaterial(
        label=material.label,
        notes=material.notes,
        langs=_langs(material, label="name", notes="notes"),
    )


def national(built: BuiltGuide) -> ShownGuide:
    """The guide as published, for everyone."""
    return ShownGuide(
        guide=built.guide,
        region=None,
        steps=[
            ShownStep(
                step=item.step,
                body_html=item.step.body_html,
                citations=item.citations,
                materials=[shown_material(m) for m in item.materials],
                methods=[shown_method(m) for m in item.methods],
                law_change=item.law_change,
            )
            for item in built.steps
        ],
    )
