from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = "Guides"

    def ready(self) -> None:
        from guides import publishing
        from portal import cache

        # No kept page or fragment outlives the next scheduled version's time.
        cache.register_deadline(publishing.kept_next_publication)
