"""The search index follows the content: it is derived data, like a cache.

Each change schedules the affected entries to be rebuilt once the transaction
commits, so a rolled-back change leaves the index alone and a guide published
with all its steps is indexed as a whole.
"""

import threading
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from guides.models import Guide, GuideVersion
from laws.models import Wording
from local.models import LOCAL_MODELS
from search import indexing


@receiver([post_save, post_delete], sender=GuideVersion)
def version_changed(sender, instance: GuideVersion, **kwargs) -> None:
    if instance.guide_id is not None:
        transaction.on_commit(partial(indexing.index_guide, instance.guide_id))


@receiver(post_save, sender=Guide)
def guide_changed(sender, instance: Guide, update_fields=None, **kwargs) -> None:
    # The working copy is never searched; withdrawing a guide takes it out of the index.
    if update_fields and "withdrawn_at" in update_fields:
        transaction.on_commit(partial(indexing.index_guide, instance.pk))


@receiver(pre_delete, sender=Guide)
def guide_deleted(sender, instance: Guide, **kwargs) -> None:
    # Read now: once deleted, its versions no longer say whose they were.
    cited = sorted(indexing.cited_paragraphs(instance.pk))
    transaction.on_commit(partial(indexing.index_guide, instance.pk))
    transaction.on_commit(partial(indexing.index_paragraphs, cited))


# Paragraphs whose wording changed, indexed again once at commit: importing a statute saves
# hundreds of wordings in one transaction, which would otherwise each index their paragraph.
# A rolled-back change leaves its paragraph here, to be indexed (unchanged) with the next.
_changed = threading.local()


def _changed_paragraphs() -> set[int]:
    if not hasattr(_changed, "paragraphs"):
        _changed.paragraphs = set()
    return _changed.paragraphs


def _index_changed_paragraphs() -> None:
    paragraphs = _changed_paragraphs()
    if paragraphs:  # the first callback of the transaction takes them all
        ids = sorted(paragraphs)
        paragraphs.clear()
        indexing.index_paragraphs(ids)


@receiver([post_save, post_delete], sender=Wording)
def wording_changed(sender, instance: Wording, **kwargs) -> None:
    _changed_paragraphs().add(instance.paragraph_id)
    transaction.on_commit(_index_changed_paragraphs)


def local_item_changed(sender, instance, **kwargs) -> None:
    transaction.on_commit(partial(indexing.index_local, sender, instance.pk))


for model in LOCAL_MODELS:
    post_save.connect(local_item_changed, sender=model, dispatch_uid=f"search-{model.__name__}")
    post_delete.connect(local_item_changed, sender=model, dispatch_uid=f"search-{model.__name__}-d")
