"""Staff accounts, made by staff managers with their role and regions; the regions
(read-only, from fixtures/regions/regions.csv), staff seeing their own only."""

import json

from django import forms
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import UsernameField
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from editorial import accounts
from editorial.models import LinkCheck, StaffProfile
from editorial.roles import ROLE_LABELS, ROLES
from editorial.scoping import region_scope
from regions.models import Region


class StaffProfileForm(forms.ModelForm):
    """Regions as checkboxes, each province with its cities under it.

    Django's two-list chooser (filter_horizontal) labels its filter icons in a way screen
    readers cannot use; checkboxes work for everyone, without JavaScript.
    """

    class Meta:
        model = StaffProfile
        fields = ["user", "regions"]
        widgets = {"regions": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "regions" not in self.fields:
            return  # shown read-only, to someone who may not change it
        # Translators: the choice of a whole province, cities included, e.g. "The whole of
        # Guangdong 广东省".
        whole = gettext("The whole of %(province)s")
        self.fields["regions"].widget.choices = [
            (
                f"{province.name_en} {province.name_zh}",
                [(province.code, whole % {"province": f"{province.name_en} {province.name_zh}"})]
                + [(city.code, f"{city.name_en} {city.name_zh}") for city in province.cities],
            )
            for province in Region.objects.provinces_with_cities()
        ]


class StaffAccountForm(StaffProfileForm):
    """A staff account in one screen: their role and, for regional staff, their regions,
    and the address their notifications go to (editorial.accounts)."""

    role = forms.ChoiceField(
        label=_("role"), choices=[(key, ROLE_LABELS[name]) for key, name in ROLES.items()]
    )
    email = forms.EmailField(
        label=_("email address"),
        required=False,
        help_text=_("Where notifications of reviews go; empty: none are sent."),
    )

    class Meta(StaffProfileForm.Meta):
        fields = ["regions"]

    def clean(self):
        cleaned = super().clean()
        if "role" in cleaned:
            refused = accounts.regions_refused(cleaned["role"], cleaned.get("regions"))
            if refused:
                self.add_error("regions", refused)
        return cleaned

    def user(self):
        return self.instance.user

    def save(self, commit=True):
        data = self.cleaned_data
        user = self.user()
        user.email = data["email"]
        self.instance = accounts.set_up(
            user, role=data["role"], regions=data["regions"], password=data.get("password1"),
            active=data.get("is_active", True),
        )  # fmt: skip
        return self.instance

    def save_m2m(self):
        """Nothing left: set_up gave the regions."""


class NewStaffAccountForm(StaffAccountForm):
    username = UsernameField(label=_("username"), max_length=150)
    password1 = forms.CharField(label=_("password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(
        label=_("password (again)"), widget=forms.PasswordInput, strip=False
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(gettext("There is already an account with that name."))
        return username

    def clean(self):
        cleaned = super().clean()
        if "password1" in cleaned and "password2" in cleaned:
            if cleaned["password1"] != cleaned["password2"]:
                self.add_error("password2", gettext("The two passwords differ."))
            else:
                try:
                    password_validation.validate_password(cleaned["password1"], self.user())
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        return cleaned

    def user(self):
        return get_user_model()(username=self.cleaned_data.get("username", ""))


class StaffAccountChangeForm(StaffAccountForm):
    is_active = forms.BooleanField(
        label=_("may sign in"),
        required=False,
        help_text=_("Untick to close the account; its history is kept."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance.user
        self.initial.setdefault("role", accounts.role_of(user))
        self.initial.setdefault("email", user.email)
        self.initial.setdefault("is_active", user.is_active)


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    """Staff accounts. Staff managers (and superusers) make them and change their role and
    regions, each change kept in the history; editors may look (editorial.roles)."""

    list_display = ["user", "role", "region_names", "active"]
    search_fields = ["user__username", "regions__name_en", "regions__name_zh"]
    list_select_related = ["user"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = StaffAccountChangeForm if obj is not None else NewStaffAccountForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            fields = ["username", "password1", "password2", "email", "role", "regions"]
        else:
            fields = ["email", "role", "regions", "is_active"]
        return [(None, {"fields": fields})]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("regions", "user__groups")

    @admin.display(description=_("role"))
    def role(self, profile: StaffProfile) -> str:
        names = {group.name for group in profile.user.groups.all()}
        return ", ".join(str(ROLE_LABELS[name]) for name in ROLES.values() if name in names) or "—"

    @admin.display(description=_("regions"))
    def region_names(self, profile: StaffProfile) -> str:
        return ", ".join(str(region) for region in profile.regions.all()) or "—"

    @admin.display(description=_("may sign in"), boolean=True)
    def active(self, profile: StaffProfile) -> bool:
        return profile.user.is_active

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and not request.user.is_superuser:
            if obj.user.is_superuser:
                return False  # a superuser's account is theirs and other superusers'
            if obj.user_id == request.user.pk:
                return False  # nobody gives themselves another role or more regions
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def construct_change_message(self, request, form, formsets, add=False):
        """The history says what the account became, not only which fields changed."""
        fields = LogEntry(
            change_message=json.dumps(
                super().construct_change_message(request, form, formsets, add)
            )
        ).get_change_message()
        data, user = form.cleaned_data, form.instance.user
        regions = ", ".join(sorted(region.code for region in data["regions"])) or "none"
        return (
            f"{fields} Now: {ROLES[data['role']]}; regions: {regions}; "
            f"may sign in: {'yes' if user.is_active else 'no'}."
        )


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_zh", "level", "kind", "parent"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name_en", "name_zh"]
    list_select_related = ["parent"]
    readonly_fields = ["code", "parent", "level", "kind", "name_zh", "name_en"]

    def get_queryset(self, request):
        # Also what the region autocomplete offers: regional staff see theirs only.
        queryset = super().get_queryset(request)
        scope = region_scope(request.user)
        return queryset if scope is None else queryset.filter(code__in=scope)

    def get_object(self, request, object_id, from_field=None):
        found = super().get_object(request, object_id, from_field)
        if found is None and Region.objects.filter(pk=object_id).exists():
            raise PermissionDenied  # a region outside theirs: said so, not "doesn't exist"
        return found

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # read-only: the list and each region can still be viewed

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LinkCheck)
class LinkCheckAdmin(admin.ModelAdmin):
    """What the last `manage.py checklinks` found; read only, as the command writes it."""

    list_display = ["url", "result", "status_code", "moved_to", "checked_at"]
    list_filter = ["result"]
    search_fields = ["url", "moved_to"]
    readonly_fields = ["url", "result", "status_code", "moved_to", "error", "checked_at",
                       "found_in"]  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
