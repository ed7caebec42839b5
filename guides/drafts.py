"""Saved drafts of a guide: nothing an editor saves is lost.

Every save of a guide's working copy (guides.publishing) is kept as a SavedDraft: the
whole guide as data (guides.tree), who saved it and when. Any of them can be written
back onto the working copy, which is itself kept as a new draft, so restoring loses
nothing either. When two editors save the same guide, the second is refused
(portal.concurrency) and shown what the first changed since the draft they opened,
part by part; if they then save anyway, the first one's words are still a draft here.
"""

from django.db import transaction

from guides import tree
from guides.models import Guide, SavedDraft
from guides.publishing import Difference, PublishError, compare

Kind = SavedDraft.Kind


def keep(
    guide: Guide, *, user, kind: str = Kind.SAVED, data: dict | None = None, **how
) -> SavedDraft:
    """Keep what the working copy now says (`data`, if already read), as saved by `user`."""
    return SavedDraft.objects.create(
        guide=guide, revision=guide.revision, data=data if data is not None else tree.data(guide),
        saved_by=user, kind=kind, **how,
    )  # fmt: skip


def kept_before_saving(guide: Guide, data: dict) -> None:
    """Before a guide is saved, make sure what it says is kept (a guide last saved before
    drafts were kept has no draft yet), so that a conflict can show what changed since."""
    if not guide.saved_drafts.filter(revision=guide.revision).exists():
        SavedDraft.objects.create(guide=guide, revision=guide.revision, data=data, kind=Kind.FOUND)


def changed_since(guide: Guide, revision) -> list[Difference] | None:
    """What the working copy says now that the draft at `revision` did not, part by part;
    None if that draft is not kept."""
    opened = guide.saved_drafts.filter(revision=revision).order_by("-saved_at", "-pk").first()
    if opened is None:
        return None
    return compare(opened.data, tree.data(guide))


@transaction.atomic
def restore(*, guide: Guide, draft: SavedDraft, user) -> SavedDraft:
    """The working copy says again what `draft` said, and is kept as a new draft."""
    try:
        tree.write(guide, draft.data)
    except tree.TreeError as error:
        raise PublishError(str(error)) from error
    return keep(guide, user=user, kind=Kind.RESTORED, restored_from=draft)
