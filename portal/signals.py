"""Cache invalidation: any change to public content makes every cached page old."""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save

from portal.cache import bump_generation

CONTENT_APPS = ["guides", "laws", "regions"]


def content_changed(sender, **kwargs) -> None:
    # Now, for whoever reads inside this transaction, and again at commit, in
    # case a page rendered from the old content was stored in between.
    bump_generation()
    transaction.on_commit(bump_generation)


def code_changed(sender, **kwargs) -> None:
    # A release runs migrate: what the previous code rendered and kept is old too.
    bump_generation()


def connect() -> None:
    post_migrate.connect(code_changed, dispatch_uid="page-cache-migrate")
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            uid = f"page-cache-{model._meta.label}"
            post_save.connect(content_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-delete")
