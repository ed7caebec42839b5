"""Cache invalidation: a change citizens can see makes every cached page old.

Which changes those are is said here, once, for each app's models: a guide's
working copy and a local item not yet live are invisible to citizens, so saving
them leaves the cache alone.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save

from portal.cache import bump_generation


def _always(instance, **kwargs) -> bool:
    return True


def _guide(instance, *, deleted: bool, update_fields=None, **kwargs) -> bool:
    # Citizens read versions; of the guide itself they see only its withdrawal or deletion.
    return deleted or bool(update_fields and "withdrawn_at" in update_fields)


def _step(instance, *, deleted: bool, update_fields=None, **kwargs) -> bool:
    # The working copy, except an editor's check against the law (guides.lawchanges),
    # which takes a step's warning off its published page.
    return bool(update_fields and "law_checked_at" in update_fields)


def _local_item(instance, *, deleted: bool, **kwargs) -> bool:
    return instance.changes_what_citizens_see(deleted=deleted)


def _never(instance, **kwargs) -> bool:
    return False


# app label -> the rule for its models, or model name -> the rule for that model.
VISIBLE: dict[str, object] = {
    "laws": _always,
    "regions": _always,
    "guides": {"guideversion": _always, "versioncitation": _always, "guide": _guide, "step": _step},
    "local": _local_item,
    "search": {"synonym": _always},  # what a search finds
}


def _rule(model):
    rule = VISIBLE.get(model._meta.app_label, _never)
    if isinstance(rule, dict):
        return rule.get(model._meta.model_name, _never)  # the working copy's rows
    return rule


def content_changed(sender, instance, deleted: bool = False, **kwargs) -> None:
    if not _rule(sender)(instance, deleted=deleted, **kwargs):
        return
    # Now, for whoever reads inside this transaction, and again at commit, in
    # case a page rendered from the old content was stored in between.
    bump_generation()
    transaction.on_commit(bump_generation)


def content_deleted(sender, instance, **kwargs) -> None:
    content_changed(sender, instance, deleted=True, **kwargs)


def code_changed(sender, **kwargs) -> None:
    # A release runs migrate: what the previous code rendered and kept is old too.
    bump_generation()


def connect() -> None:
    post_migrate.connect(code_changed, dispatch_uid="page-cache-migrate")
    for label in VISIBLE:
        for model in apps.get_app_config(label).get_models():
            uid = f"page-cache-{model._meta.label}"
            post_save.connect(content_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(content_deleted, sender=model, dispatch_uid=f"{uid}-delete")
