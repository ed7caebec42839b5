"""The portal's admin site: Django's, plus the editors' review queue."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import path


class PortalAdminSite(admin.AdminSite):
    site_header = "Social security payment guide: editors"
    site_title = "Social security payment guide admin"
    index_title = "Content"

    def get_urls(self):
        from editorial import admin_views

        return [
            path("review/", self.admin_view(admin_views.review_queue), name="review_queue"),
            path(
                "review/<str:model_name>/<int:pk>/",
                self.admin_view(admin_views.review_item),
                name="review_item",
            ),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        from editorial.admin_views import is_reviewer, waiting_items

        waiting = len(waiting_items(request.user)) if is_reviewer(request.user) else None
        extra_context = {"waiting_for_review": waiting, **(extra_context or {})}
        return super().index(request, extra_context)


class PortalAdminConfig(AdminConfig):
    """Installed instead of django.contrib.admin, so that admin.site is the portal's."""

    default_site = "editorial.sites.PortalAdminSite"
