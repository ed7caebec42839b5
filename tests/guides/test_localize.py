"""A national guide localized for a province and a city: what wins, what adds up."""

from guides import tree
from guides.models import Guide
from guides.publishing import current_version
from local.localize import localize
from local.models import Status
from tests.factories import (
    GUANGDONG,
    GUANGZHOU,
    SHENZHEN,
    hotline,
    material_change,
    method_change,
    office,
    region,
    step_change,
    steps_of,
)


def local(guide, code):
    """The guide's published version as it applies in region `code` (None: nationally)."""
    version = current_version(guide)
    built = tree.build(version.data, guide=Guide(pk=version.guide_id, slug=version.slug))
    return localize(built=built, region=region(code) if code else None)


def test_the_national_guide_is_unchanged_and_has_no_local_items(guide):
    step_change(GUANGDONG, steps_of(guide)["policy"], "note", "Guangdong note.")
    national = local(guide, None)
    assert [step.step.position for step in national.steps] == [1, 2, 3, 4, 5]
    assert not national.has_local_content
    assert all(not step.is_local for step in national.steps)
    assert all(item.state == "national" for item in national.materials + national.methods)


def test_the_city_replacement_wins_over_the_province_and_notes_add_up(guide):
    procedure = steps_of(guide)["procedure"]
    step_change(GUANGDONG, procedure, "replace", "Guangdong text.")
    step_change(SHENZHEN, procedure, "replace", "Shenzhen text.")
    step_change(GUANGDONG, procedure, "note", "Guangdong note.")
    step_change(SHENZHEN, procedure, "note", "Shenzhen note.")

    city_step = local(guide, SHENZHEN).steps[procedure.position - 1]
    assert "Shenzhen text." in city_step.body_html
    assert city_step.replacement.region.name_en == "Shenzhen"
    assert [note.region.name_en for note in city_step.notes] == ["Guangdong", "Shenzhen"]

    province_step = local(guide, GUANGDONG).steps[procedure.position - 1]
    assert "Guangdong text." in province_step.body_html
    assert [note.text for note in province_step.notes] == ["Guangdong note."]

    # A sibling city gets the province's changes only.
    sibling_step = local(guide, GUANGZHOU).steps[procedure.position - 1]
    assert "Guangdong text." in sibling_step.body_html
    assert [note.region.name_en for note in sibling_step.notes] == ["Guangdong"]


def test_materials_removed_changed_and_added_are_marked_not_hidden(guide):
    step = steps_of(guide)["materials"]
    national_item = step.materials.get()
    material_change(GUANGDONG, step, "different", material=national_item, notes="Any copy.")
    material_change(SHENZHEN, step, "not_needed", material=national_item)
    material_change(GUANGDONG, step, "add", name="residence permit", original=True)

    city = local(guide, SHENZHEN).steps[step.position - 1].materials
    assert [(m.label, m.state, m.change.region.name_en) for m in city] == [
        ("Original of item 2", "not_needed", "Shenzhen"),  # the nearer region wins
        ("Original of residence permit", "add", "Guangdong"),
    ]
    province = local(guide, GUANGDONG).steps[step.position - 1].materials
    assert [(m.state, m.notes) for m in province] == [("different", "Any copy."), ("add", "")]


def test_payment_methods_unavailable_stay_listed_and_local_ones_are_added(guide):
    step = steps_of(guide)["methods"]
    cash = step.payment_methods.get()
    method_change(GUANGDONG, step, "unavailable", method=cash, notes="Cards only.")
    method_change(
        SHENZHEN, step, "add", kind="mobile", name="City app", description="pay in the app"
    )
    methods = local(guide, SHENZHEN).steps[step.position - 1].methods
    assert [(m.name, m.state, m.change.region.name_en) for m in methods] == [
        ("Cash", "unavailable", "Guangdong"),
        ("City app", "add", "Shenzhen"),
    ]


def test_offices_are_the_regions_own_and_hotlines_the_nearest_regions(guide):
    office(GUANGDONG, "Provincial hall")
    hotline(GUANGDONG, "12333")
    hotline(SHENZHEN, "0755-12333")

    shenzhen = local(guide, SHENZHEN).variations
    assert shenzhen.offices == []  # Guangdong's counters do not serve Shenzhen
    assert [h.number for h in shenzhen.hotlines] == ["0755-12333"]  # its own, not both
    assert [o.name for o in local(guide, GUANGDONG).variations.offices] == ["Provincial hall"]
    hotline_only = local(guide, "440100").variations  # Guangzhou: none of its own
    assert [h.number for h in hotline_only.hotlines] == ["12333"]

    office(SHENZHEN, "City hall")
    assert [o.name for o in local(guide, SHENZHEN).variations.offices] == ["City hall"]


def test_drafts_and_other_guides_variations_do_not_apply(guide):
    from tests.factories import make_guide

    other = make_guide(steps=1, slug="other-guide")
    step_change(SHENZHEN, steps_of(guide)["policy"], "note", "Draft note.", status=Status.DRAFT)
    step_change(SHENZHEN, other.steps.get(), "note", "Other guide's note.")
    office(SHENZHEN, "Draft office", status=Status.DRAFT)
    result = local(guide, SHENZHEN)
    assert not result.has_local_content
    assert result.variations.offices == []


def test_a_region_without_variations_gets_the_national_content(guide):
    result = local(guide, "110000")  # Beijing, a municipality with nothing local
    assert not result.has_local_content
    national = local(guide, None)
    assert [s.body_html for s in result.steps] == [s.body_html for s in national.steps]


def test_the_published_version_is_localized_not_the_editors_working_copy(guide):
    policy = steps_of(guide)["policy"]
    step_change(SHENZHEN, policy, "note", "Shenzhen note.")
    policy.title = "Renamed, not yet published"
    policy.save()
    step = local(guide, SHENZHEN).steps[policy.position - 1]
    assert step.step.title == "Step 1"
    assert [note.text for note in step.notes] == ["Shenzhen note."]  # the step kept its id
