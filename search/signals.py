"""The search index follows the content: it is derived data, like a cache.

Each change schedules the affected entries to be rebuilt once the transaction
commits, so a rolled-back change leaves the index alone and a guide published
with all its steps is indexed as a whole.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from guides.models import Citation, Guide
from laws.models import Wording
from regions.models import LOCAL_MODELS
from search import indexing


@receiver([post_save, post_delete], sender=Guide)
def guide_changed(sender, instance: Guide, **kwargs) -> None:
    if instance.draft_of_id is None:  # drafts are never searched
        transaction.on_commit(partial(indexing.index_guide, instance.pk))


@receiver([post_save, post_delete], sender=Wording)
def wording_changed(sender, instance: Wording, **kwargs) -> None:
    transaction.on_commit(partial(indexing.index_paragraphs, [instance.paragraph_id]))


# Citations removed in this transaction (publishing a draft replaces all of a guide's):
# the law they cited is ranked again once, at commit.
_uncited: set[tuple[int, int | None]] = set()


@receiver(post_delete, sender=Citation)
def citation_removed(sender, instance: Citation, **kwargs) -> None:
    _uncited.add((instance.article_id, instance.paragraph_id))
    transaction.on_commit(_rank_uncited_again)


def _rank_uncited_again() -> None:
    citations = list(_uncited)
    _uncited.clear()
    if citations:
        indexing.index_uncited(citations)


def local_item_changed(sender, instance, **kwargs) -> None:
    transaction.on_commit(partial(indexing.index_local, sender, instance.pk))


for model in LOCAL_MODELS:
    post_save.connect(local_item_changed, sender=model, dispatch_uid=f"search-{model.__name__}")
    post_delete.connect(local_item_changed, sender=model, dispatch_uid=f"search-{model.__name__}-d")
