"""The database refuses contradictory or incomplete variations; clean() explains why."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from local.models import MaterialChange, MethodChange, StepChange
from regions.models import Region
from tests.factories import (
    GUANGDONG,
    SHENZHEN,
    material_change,
    method_change,
    provenance,
    step_change,
    steps_of,
)


def refused(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_two_replacements_of_one_step_for_one_region_are_refused(guide):
    step = steps_of(guide)["policy"]
    step_change(SHENZHEN, step, "replace", "First.")
    refused(lambda: step_change(SHENZHEN, step, "replace", "Second."))
    # A note beside it, or the province's own replacement, is fine.
    step_change(SHENZHEN, step, "note", "A note.")
    step_change(GUANGDONG, step, "replace", "Province text.")
    assert StepChange.objects.count() == 3


def test_one_change_per_national_material_and_region(guide):
    step = steps_of(guide)["materials"]
    item = step.materials.get()
    material_change(SHENZHEN, step, "not_needed", material=item)
    refused(lambda: material_change(SHENZHEN, step, "different", material=item, notes="x"))
    material_change(GUANGDONG, step, "different", material=item, notes="Any copy.")


@pytest.mark.parametrize(
    "fields",
    [
        {"action": "add"},  # a local material needs a name
        {"action": "add", "name": "permit", "with_material": True},
        {"action": "not_needed"},  # which national material?
        {"action": "different", "with_material": True},  # different how?
    ],
)
def test_incomplete_material_changes_are_refused(guide, fields):
    step = steps_of(guide)["materials"]
    fields = dict(fields)
    if fields.pop("with_material", False):
        fields["material"] = step.materials.get()
    refused(lambda: material_change(SHENZHEN, step, **fields))


def test_incomplete_or_duplicate_method_changes_are_refused(guide):
    step = steps_of(guide)["methods"]
    cash = step.payment_methods.get()
    refused(lambda: method_change(SHENZHEN, step, "unavailable"))
    refused(lambda: method_change(SHENZHEN, step, "add", name="App"))  # no kind or description
    method_change(SHENZHEN, step, "unavailable", method=cash)
    refused(lambda: method_change(SHENZHEN, step, "unavailable", method=cash))


def test_clean_explains_mistakes_in_words(guide):
    materials, methods = steps_of(guide)["materials"], steps_of(guide)["methods"]
    change = MaterialChange(
        region_id=SHENZHEN,
        step=methods,
        action="different",
        material=materials.materials.get(),
        **provenance(),
    )
    with pytest.raises(ValidationError) as error:
        change.clean()
    assert error.value.message_dict == {
        "material": ["This material is not part of the chosen step."],
        "notes_en": ["Say what is different here."],
        "step": ["Materials belong to a 'Prepare materials' step."],
    }
    change = MethodChange(region_id=SHENZHEN, step=methods, action="add", **provenance())
    with pytest.raises(ValidationError) as error:
        change.full_clean()
    assert error.value.message_dict["name_en"] == ["Required for a local payment method."]


def test_a_second_replacement_gets_a_readable_message(guide):
    step = steps_of(guide)["policy"]
    step_change(SHENZHEN, step, "replace", "First.")
    duplicate = StepChange(region_id=SHENZHEN, step=step, action="replace", text="Second.")
    with pytest.raises(ValidationError) as error:
        duplicate.validate_constraints()
    assert "already has one of these for this step" in str(error.value)


def test_regions_are_found_by_their_path_only_under_their_own_province(regions):
    assert Region.objects.get_by_path("440000/440300").full_name_en == "Shenzhen, Guangdong"
    assert Region.objects.get_by_path("110000").full_name_zh == "北京市"
    for path in ["440300", "330000/440300", "999999", "440000/440000", "440000/440300/1"]:
        with pytest.raises(Region.DoesNotExist):
            Region.objects.get_by_path(path)


def test_a_city_without_a_province_cannot_be_stored(regions):
    refused(lambda: Region.objects.create(code="990100", level="city", kind="x", name_zh="x"))
    refused(lambda: Region.objects.create(code="012345", level="province", kind="x"))
