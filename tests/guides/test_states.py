"""What citizens read of a guide in each named state: the reading rule, one state each."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.factories import GUIDE_STATES, make_guide

PAGE = "/guides/test-guide/"
# state -> (status of the page, whether it shows the unpublished new title)
SEEN = {
    "unpublished": (404, False),
    "published": (200, False),
    "changed": (200, False),
    "scheduled": (200, False),
    "withdrawn": (404, False),
}


@pytest.mark.parametrize("state", GUIDE_STATES)
def test_citizens_read_the_current_version_in_every_state(state, social_insurance_law, regions):
    make_guide(steps=2, state=state)
    response = Client().get(PAGE)
    status, renamed = SEEN[state]
    assert response.status_code == status
    assert ("Step 1, renamed" in response.content.decode()) is renamed


def test_a_scheduled_version_is_read_from_its_time(social_insurance_law, regions):
    make_guide(steps=2, state="scheduled")
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1, minutes=1)):
        page = Client().get(PAGE).content.decode()
    assert "Step 1, renamed" in page


def test_an_unknown_state_is_refused(social_insurance_law):
    with pytest.raises(ValueError, match="no such state"):
        make_guide(steps=1, state="draft")
