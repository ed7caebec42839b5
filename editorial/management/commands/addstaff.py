"""``manage.py addstaff USERNAME --role editor|regional|manager [--region CODE ...]``

A new account's password is asked for at the terminal (twice, not shown), or read from
standard input with ``--password-stdin`` (for scripts)."""

import getpass
import sys

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from editorial import accounts
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
            help="Read the password from standard input instead of asking at the terminal.",
        )

    def handle(self, *args, username: str, role: str, region: list[str], **options) -> None:
        codes = list(dict.fromkeys(region))
        refused = accounts.regions_refused(role, codes)
        if refused:
            raise CommandError(f"{refused} (--region)")
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
            password = self.ask_password()
        if password is not None:
            try:
                password_validation.validate_password(password, user or User(username=username))
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error

        created = user is None
        user = user or User(username=username)
        accounts.set_up(user, role=role, regions=regions, password=password)

        where = f" for {', '.join(str(r) for r in regions)}" if regions else ""
        action = "Created" if created else "Updated"
        self.stdout.write(f"{action} {ROLES[role].lower()} account {username!r}{where}.")

    def ask_password(self) -> str:
        """A new account's password, typed twice at the terminal without being shown."""
        if not sys.stdin.isatty():
            raise CommandError(
                "A new account needs a password: run this at a terminal, or give it on "
                "standard input with --password-stdin."
            )
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ; nothing was changed.")
        if not password:
            raise CommandError("No password given; nothing was changed.")
        return password
