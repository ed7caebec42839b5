"""The staff roles and what each may do, kept as Django groups and permissions.

Superusers may do everything. Editors maintain national guides and laws and every
region's local content; they publish and review. Regional staff maintain the local
content of their own regions only (scoping by region is enforced in the admin, see
editorial.scoping) and read everything else. Staff managers create staff accounts
and give them a role and regions, and nothing else: whoever writes or reviews content
cannot also make accounts, so nobody can make a second account to approve their own
work.
"""

from django.utils.translation import gettext_lazy as _

# The groups' names, which the code looks them up by: they stay as they are in every language.
EDITORS = "Editors"
REGIONAL_STAFF = "Regional staff"
STAFF_MANAGERS = "Staff managers"
ROLES = {"editor": EDITORS, "regional": REGIONAL_STAFF, "manager": STAFF_MANAGERS}
# What the admin calls each role, in the reader's language.
ROLE_LABELS = {
    EDITORS: _("Editors"),
    REGIONAL_STAFF: _("Regional staff"),
    STAFF_MANAGERS: _("Staff managers"),
}

CRUD = ["view", "add", "change", "delete"]
LOCAL_MODELS = [
    "stepchange", "materialchange", "methodchange", "office", "hotline", "service", "figure",
]  # fmt: skip
GUIDE_MODELS = ["guide", "step", "material", "paymentmethod", "citation"]
LAW_MODELS = ["statute", "amendment", "chapter", "article", "paragraph", "wording"]

# (app label, model) -> the actions each role may take.
ROLE_PERMISSIONS: dict[str, dict[tuple[str, str], list[str]]] = {
    EDITORS: {
        **{("guides", model): CRUD for model in GUIDE_MODELS},
        ("guides", "guide"): [*CRUD, "publish"],
        **{("laws", model): ["view"] for model in LAW_MODELS},
        ("laws", "paragraph"): ["view", "change"],
        ("laws", "wording"): ["view", "add", "change"],
        ("regions", "region"): ["view"],
        **{("local", model): [*CRUD, "publish"] for model in LOCAL_MODELS},
        ("editorial", "staffprofile"): ["view"],
        ("search", "synonym"): CRUD,
        ("search", "missedsearch"): ["view", "delete"],
        ("feedback", "feedback"): ["view", "change", "delete"],
        ("editorial", "linkcheck"): ["view"],
        ("auth", "user"): ["view"],
    },
    REGIONAL_STAFF: {
        **{("guides", model): ["view"] for model in GUIDE_MODELS},
        **{("laws", model): ["view"] for model in LAW_MODELS},
        ("regions", "region"): ["view"],
        **{("local", model): CRUD for model in LOCAL_MODELS},
        ("feedback", "feedback"): ["view", "change"],  # their regions' (feedback.admin)
    },
    STAFF_MANAGERS: {
        ("editorial", "staffprofile"): ["view", "add", "change"],
        ("regions", "region"): ["view"],
        ("auth", "user"): ["view"],
    },
}


def sync_roles(apps) -> None:
    """Create both groups with exactly their permissions (safe to run again).

    Called from migrations with the historical app registry, so permissions
    for models created in the same migration run are created first. A model the
    registry does not hold yet (an early migration, on a new database) is skipped:
    the migration that adds it calls this again.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Historical app configs have no models module, which create_permissions
        # takes to mean "no models"; lend them one for the call.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for (app_label, model), actions in grants.items():
            try:
                apps.get_model(app_label, model)
            except LookupError:
                continue
            for action in actions:
                wanted.append(
                    Permission.objects.get(
                        content_type__app_label=app_label,
                        codename=f"{action}_{model}",
                    )
                )
        group.permissions.set(wanted)
