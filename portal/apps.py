from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig


class StaticFilesConfig(BaseStaticFilesConfig):
    # django-nested-admin ships its unbundled sources next to the bundle it
    # uses; they are never served, and their extensionless imports cannot be
    # hashed.
    ignore_patterns = [*BaseStaticFilesConfig.ignore_patterns, "nested_admin/src/*"]
