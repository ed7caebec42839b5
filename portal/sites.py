"""The portal's admin site: Django's, plus the editors' review queue."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST


class PortalAdminSite(admin.AdminSite):
    site_header = _("Social security payment guide: staff")
    site_title = _("Social security payment guide admin")
    # Translators: the heading of the admin's home page, above the list of what can be edited.
    index_title = _("Content")

    # The header names the signed-in person's role (editorial.roles), told by what they
    # may do: the permissions are read once per request anyway, for the menu.
    headers = [
        ("guides.publish_guide", _("Social security payment guide: editors")),
        ("local.change_office", _("Social security payment guide: regional staff")),
        ("editorial.add_staffprofile", _("Social security payment guide: staff accounts")),
    ]

    def each_context(self, request):
        context = super().each_context(request)
        user = request.user
        if user.is_active and not user.is_superuser:
            for permission, header in self.headers:
                if user.has_perm(permission):
                    context["site_header"] = header
                    break
        return context

    def get_urls(self):
        import regions.converters  # noqa: F401 - registers <region:…>
        from local import review
        from local import views as local_views

        return [
            path("review/", self.admin_view(review.review_queue), name="review_queue"),
            path("language/", self.admin_view(self.choose_language), name="choose_language"),
            path(
                "notifications/",
                self.admin_view(self.notifications),
                name="notifications",
            ),
            path(
                "review/<str:model_name>/<int:pk>/",
                self.admin_view(review.review_item),
                name="review_item",
            ),
            path(
                "guides/guide/<int:pk>/preview/<region:region>/",
                self.admin_view(local_views.preview_for_region),
                name="guides_guide_preview_region",
            ),
            # Instead of Django's own, which sends any staff member to any object's page.
            path(
                "r/<path:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
            *(url for url in super().get_urls() if getattr(url, "name", "") != "view_on_site"),
        ]

    @method_decorator(require_POST)
    def choose_language(self, request):
        """A member of staff's own choice of the admin's language, kept in their profile."""
        from editorial.models import StaffProfile

        language = request.POST.get("language", "")
        if language not in {code for code, _name in settings.LANGUAGES} | {""}:
            return HttpResponseBadRequest(gettext("No such language."))
        StaffProfile.objects.update_or_create(user=request.user, defaults={"language": language})
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ) or not target.startswith("/admin/"):
            target = reverse("admin:index")
        return HttpResponseRedirect(target)

    def notifications(self, request):
        """A member of staff turns their emails about reviews on or off."""
        from editorial.models import StaffProfile

        profile = StaffProfile.objects.filter(user=request.user).first()
        on = profile.notify_by_email if profile else True
        if request.method == "POST":
            on = request.POST.get("notify") == "on"
            StaffProfile.objects.update_or_create(
                user=request.user, defaults={"notify_by_email": on}
            )
            messages.success(
                request,
                gettext("You will get emails about reviews.")
                if on
                else gettext("You will get no more emails about reviews."),
            )
            return HttpResponseRedirect(reverse("admin:notifications"))
        context = {
            **self.each_context(request),
            "title": gettext("Email notifications"),
            "on": on,
            "email": request.user.email,
        }
        return TemplateResponse(request, "admin/notifications.html", context)

    def view_on_site(self, request, content_type_id: str, object_id: str):
        """ "View on site" for an object this user may see in the admin, as its admin
        finds it (so scoped by region), and 404 for anything else."""
        # Here, not at the top: this module is loaded while the apps are being set up.
        from django.contrib.contenttypes.models import ContentType
        from django.contrib.contenttypes.views import shortcut

        if not (content_type_id.isascii() and content_type_id.isdigit()):
            raise Http404("No such kind of content.")
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except ContentType.DoesNotExist:
            raise Http404("No such kind of content.") from None
        model_admin = self._registry.get(model)
        if model_admin is None:
            raise Http404("No such kind of content.")
        try:
            obj = model_admin.get_queryset(request).filter(pk=object_id).first()
        except (ValueError, ValidationError):
            obj = None
        if obj is None or not model_admin.has_view_permission(request, obj):
            raise Http404("There is no such item in your regions.")
        return shortcut(request, content_type_id, object_id)

    def index(self, request, extra_context=None):
        from portal import dashboard

        extra_context = {
            "dashboard": dashboard.sections(request),
            "translation_work": self.translation_work(request),
            **(extra_context or {}),
        }
        return super().index(request, extra_context)

    def translation_work(self, request) -> list[dict]:
        """For each kind of content this user may see, in their regions: how many have a
        translation that may be out of date, and how many a text in one language only."""
        from guides.admin import TranslationFilter
        from guides.models import Guide
        from local.models import LOCAL_MODELS

        work = []
        for model in [Guide, *LOCAL_MODELS]:
            model_admin = self._registry.get(model)
            if model_admin is None or not model_admin.has_view_permission(request):
                continue
            found = model_admin.get_queryset(request)
            (translation_filter,) = (
                f for f in model_admin.list_filter
                if isinstance(f, type) and issubclass(f, TranslationFilter)
            )  # fmt: skip
            row = {
                "name": model._meta.verbose_name_plural,
                "url": reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
                ),
                "to_check": found.exclude(translations_to_check=[]).count(),
                "one_language": len(translation_filter.one_language(found)),
            }
            if row["to_check"] or row["one_language"]:
                work.append(row)
        return work


class PortalAdminConfig(AdminConfig):
    """Installed instead of django.contrib.admin, so that admin.site is the portal's."""

    default_site = "portal.sites.PortalAdminSite"
