"""Migration guides/0006: a draft, as earlier releases kept it (a copy of the guide), becomes
the guide's working copy; citizens go on seeing what they saw."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

BEFORE = [
    ("guides", "0005_versions_are_what_citizens_read"),
    ("regions", "0006_local_items_moved_to_local"),
]


def version_data(step_id: int, title: str) -> dict:
    return {
        "title": "A guide", "short_answer": "Short.", "summary": "", "source": "",
        "last_reviewed": None, "legal_basis": [],
        "steps": [{"id": step_id, "position": 1, "kind": "policy", "title": title, "body": "Body.",
                   "materials": [], "methods": [], "citations": []}],
    }  # fmt: skip


def guide(Guide, slug: str, **fields):
    return Guide.objects.create(
        slug=slug, title="A guide", short_answer="Short.", summary="", summary_html="",
        source="", **fields,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_draft_becomes_the_working_copy_and_a_withdrawn_guide_stays_off():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        Guide, Step = old.get_model("guides", "Guide"), old.get_model("guides", "Step")
        GuideVersion = old.get_model("guides", "GuideVersion")
        now, later = timezone.now(), timezone.now() + datetime.timedelta(hours=2)

        live = guide(Guide, "live", is_published=True)
        step = Step.objects.create(guide=live, position=1, kind="policy", title="Old title",
                                   body="Body.", body_html="<p>Body.</p>")  # fmt: skip
        GuideVersion.objects.create(guide=live, slug="live", number=1, published_at=now,
                                    data=version_data(step.pk, "Old title"),
                                    change_note="First.", major_change=True)  # fmt: skip
        draft = guide(Guide, "draft-1-live", draft_of=live, scheduled_for=later,
                      change_note="Renamed.", major_change=False)  # fmt: skip
        Step.objects.create(guide=draft, position=1, kind="policy", title="New title",
                            body="Body.", body_html="<p>Body.</p>", origin=step)  # fmt: skip

        off = guide(Guide, "off", is_published=False, scheduled_for=later, change_note="Back.")
        off_step = Step.objects.create(guide=off, position=1, kind="policy", title="Off",
                                       body="Body.", body_html="<p>Body.</p>")  # fmt: skip
        GuideVersion.objects.create(guide=off, slug="off", number=1, published_at=now,
                                    data=version_data(off_step.pk, "Off"),
                                    change_note="First.", major_change=True)  # fmt: skip
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)

    from guides.models import Guide as NowGuide

    assert sorted(NowGuide.objects.values_list("slug", flat=True)) == ["live", "off"]
    working = NowGuide.objects.get(slug="live").steps.get()
    assert (working.pk, working.title) == (step.pk, "New title")  # the same row, the draft's words
    live_versions = NowGuide.objects.get(slug="live").versions.order_by("number")
    assert [(v.number, v.title, v.published_at) for v in live_versions] == [
        (1, "A guide", now), (2, "A guide", later),
    ]  # fmt: skip
    citizen = Client()
    page = citizen.get("/guides/live/").content.decode()
    assert "Old title" in page and "New title" not in page  # until its time
    assert citizen.get("/guides/off/").status_code == 404  # withdrawn, and still so
