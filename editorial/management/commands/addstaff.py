"""``manage.py addstaff USERNAME --role editor|regional [--region CODE ...] --password-stdin``"""

import sys

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from editorial.models import StaffProfile
from editorial.roles import ROLES
from regions.models import Region


class Command(BaseCommand):
    help = "Create or update a staff account with a role and, for regional staff, its regions."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument(
            "--region",
            action="append",
            default=[],
            metavar="CODE",
            help="A GB/T 2260 region code, e.g. 440300 (repeat for several). Regional staff only.",
        )
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from standard input (required for a new account).",
        )

    def handle(self, *args, username: str, role: str, region: list[str], **options) -> None:
        codes = list(dict.fromkeys(region))
        if role == "regional" and not codes:
            raise CommandError("Regional staff need at least one --region.")
        if role == "editor" and codes:
            raise CommandError("Editors work on every region; leave out --region.")
        regions = list(Region.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {r.code for r in regions})
        if unknown:
            raise CommandError(f"Unknown region code(s): {', '.join(unknown)}")

        User = get_user_model()
        user = User.objects.filter(username=username).first()
        password = None
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("No password on standard input.")
        elif user is None:
            raise CommandError("A new account needs a password: use --password-stdin.")
        if password is not None:
            try:
                password_validation.validate_password(password, user or User(username=username))
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error

        with transaction.atomic():
            created = user is None
            user = user or User(username=username)
            user.is_staff = True
            user.is_active = True
            if password is not None:
                user.set_password(password)
            user.save()
            user.groups.remove(*Group.objects.filter(name__in=ROLES.values()))
            user.groups.add(Group.objects.get(name=ROLES[role]))
            profile, _ = StaffProfile.objects.get_or_create(user=user)
            profile.regions.set(regions)

        where = f" for {', '.join(str(r) for r in regions)}" if regions else ""
        action = "Created" if created else "Updated"
        self.stdout.write(f"{action} {ROLES[role].lower()} account {username!r}{where}.")
