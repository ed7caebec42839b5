"""Search in the admin: the synonyms editors keep, and the searches that found nothing."""

from urllib.parse import urlencode

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from search.models import MissedSearch, Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["term", "means", "note", "updated_at"]
    search_fields = ["term", "means", "note"]
    fields = ["term", "means", "note"]


@admin.register(MissedSearch)
class MissedSearchAdmin(admin.ModelAdmin):
    """Read only: what citizens searched for and did not find. An editor answers one by
    writing the content, or a synonym, and may then delete it."""

    list_display = ["query", "language", "times", "first_searched", "last_searched", "try_it"]
    list_filter = ["language"]
    search_fields = ["query"]
    readonly_fields = ["query", "language", "times", "first_searched", "last_searched"]

    @admin.display(description=_("Search again"))
    def try_it(self, missed: MissedSearch):
        with override(missed.language):
            url = reverse("search:search")
        return format_html('<a href="{}?{}">{}</a>', url, urlencode({"q": missed.query}),
                           _("Search again"))  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
