from django.contrib import admin
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from editorial.scoping import RegionScopedAdminMixin, is_editor
from feedback.models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    """What citizens said about pages. Regional staff see their regions' pages'; editors
    see every one. Only the status changes; the words are shown as sent, escaped."""

    list_display = ["received_at", "kind", "page_link", "region", "excerpt", "status"]
    list_filter = ["status", "kind", "language"]
    list_select_related = ["region"]
    search_fields = ["page", "comment"]
    fields = ["received_at", "page_link", "region", "kind", "language", "comment", "status",
              "handled_by"]  # fmt: skip
    readonly_fields = ["received_at", "page_link", "region", "kind", "language", "comment",
                       "handled_by"]  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return False  # only citizens give feedback

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_editor(request.user) and super().has_delete_permission(request, obj)

    @admin.display(description=_("page"), ordering="page")
    def page_link(self, feedback: Feedback):
        return format_html('<a href="{}">{}</a>', feedback.page, feedback.page)

    @admin.display(description=_("comment"))
    def excerpt(self, feedback: Feedback) -> str:
        return Truncator(feedback.comment).chars(80)

    def save_model(self, request, obj, form, change) -> None:
        obj.handled_by = request.user
        super().save_model(request, obj, form, change)
