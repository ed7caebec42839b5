from django.contrib.staticfiles import finders


class AppDirectoriesFinder(finders.AppDirectoriesFinder):
    """Apps' static files, less django-nested-admin's unbundled sources.

    Those sources are never served (the admin uses nested-admin's bundle), and
    their extensionless imports cannot be hashed by the manifest storage.
    """

    def list(self, ignore_patterns):
        return super().list([*(ignore_patterns or []), "nested_admin/src/*"])
