"""Fixtures shared by the whole suite."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.template.base import Template

ROOT = Path(__file__).resolve().parent.parent
# Django's test set-up wraps every template render to record its context for
# assertTemplateUsed; no test here reads it (they read the page), and the copying made
# the admin's largest forms half as slow again. Templates render as in production.
PRODUCTION_RENDER = Template._render
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def checkers_required() -> bool:
    """E2E=required turns a missing browser or checker into a failure, not a skip."""
    return os.environ.get("E2E", "").lower() == "required"


def skip_or_fail(reason: str) -> None:
    if checkers_required():
        pytest.fail(f"{reason} (E2E=required)")
    pytest.skip(reason)


def chromium_path() -> Path | None:
    path = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    return path if path.exists() else None


def pytest_report_header(config):
    browser = chromium_path()
    checker = "java + vnu.jar" if shutil.which("java") and VNU_JAR.exists() else "MISSING"
    lines = [f"HTML checker: {checker}"]
    if browser:
        lines.append(f"browser tests: Chromium at {browser}")
    else:
        lines.append("browser tests: SKIPPED - no Chromium at CHROMIUM_PATH or /usr/bin/chromium")
    if checkers_required():
        lines.append("E2E=required: a missing browser or checker fails the run")
    return lines


@pytest.fixture(scope="session")
def html_validator(tmp_path_factory):
    """Validate HTML documents with the Nu HTML checker, all in one JVM start.

    Call it with a mapping of name -> HTML; it returns the checker's error
    messages, each prefixed with the document's name.
    """
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        skip_or_fail("HTML validity not checked: needs java and node_modules/vnu-jar (npm ci)")
    folder = tmp_path_factory.mktemp("html")

    def validate(documents: dict[str, str | bytes]) -> list[str]:
        paths = {}
        for index, (name, html) in enumerate(documents.items()):
            path = folder / f"doc{index}.html"
            path.write_bytes(html if isinstance(html, bytes) else html.encode())
            paths[path.name] = name
        result = subprocess.run(  # noqa: S603 - fixed arguments, local files
            [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout"]
            + [str(folder / filename) for filename in paths],
            capture_output=True,
            text=True,
            check=False,
        )
        messages = json.loads(result.stdout or '{"messages": []}')["messages"]
        return [
            f"{paths.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}:"
            f"{m.get('lastLine')}: {m['message']}"
            for m in messages
        ]

    return validate


LAW_PACKAGE = ROOT / "fixtures" / "laws" / "social-insurance-law"
LAW_TEXT = LAW_PACKAGE / "consolidated-2018-12-29.zh.md"


def ensure_social_insurance_law():
    """Every shipped statute (the guides cite the regulations too); returns the law."""
    from laws.models import Statute
    from laws.services import import_statute_package

    for package in sorted((ROOT / "fixtures" / "laws").iterdir()):
        if not Statute.objects.filter(slug=package.name).exists():
            import_statute_package(package)
    return Statute.objects.get(slug="social-insurance-law")


REGIONS_CSV = ROOT / "fixtures" / "regions" / "regions.csv"


def ensure_regions():
    from regions.models import Region
    from regions.services import import_regions

    if not Region.objects.exists():
        import_regions(path=REGIONS_CSV)


@pytest.fixture(scope="session", autouse=True)
def templates_render_as_in_production(django_test_environment):
    Template._render = PRODUCTION_RENDER


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Import the full statute and the regions once per test database; tests
    # roll back their own changes, and transactional tests that flush them get
    # them back lazily.
    with django_db_blocker.unblock():
        ensure_social_insurance_law()
        ensure_regions()


@pytest.fixture
def social_insurance_law(db):
    """The whole Social Insurance Law as shipped, imported from fixtures/."""
    return ensure_social_insurance_law()


def ensure_roles():
    """The role groups a migration creates; transactional tests flush them away."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    from editorial.roles import ROLE_PERMISSIONS, sync_roles

    if Group.objects.filter(name__in=ROLE_PERMISSIONS).count() < len(ROLE_PERMISSIONS):
        sync_roles(apps)


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Each test starts with no cached pages: the database it sees is its own."""
    from portal.cache import bump_generation

    bump_generation()


@pytest.fixture
def regions(db):
    """Every province and city, imported from fixtures/regions/regions.csv."""
    from regions.models import Region

    ensure_regions()
    return Region.objects


@pytest.fixture
def editor_client(client, db):
    """A client signed in as a member of the Editors group, with exactly that role's
    permissions: a screen that forgets a permission fails its tests."""
    from editorial.roles import EDITORS
    from tests.factories import make_staff

    client.force_login(make_staff("editor", group=EDITORS))
    return client


# Staff in their roles, for every test package (tests run as the role they are about).


@pytest.fixture
def editor(regions):
    from editorial.roles import EDITORS
    from tests.factories import make_staff

    return make_staff("editor1", group=EDITORS)


@pytest.fixture
def staff_manager(regions):
    """Makes staff accounts, and does nothing else (editorial.roles)."""
    from editorial.roles import STAFF_MANAGERS
    from tests.factories import make_staff

    return make_staff("manager1", group=STAFF_MANAGERS)


@pytest.fixture
def second_editor(regions):
    """Another editor, for two people at work on one thing."""
    from editorial.roles import EDITORS
    from tests.factories import make_staff

    return make_staff("editor2", group=EDITORS)


@pytest.fixture
def shenzhen_staff(regions):
    """Regional staff for Shenzhen only."""
    from editorial.roles import REGIONAL_STAFF
    from tests.factories import make_staff

    return make_staff("shenzhen", group=REGIONAL_STAFF, regions=("440300",))


@pytest.fixture
def guangdong_staff(regions):
    """Regional staff for Guangdong, and so for its 21 cities."""
    from editorial.roles import REGIONAL_STAFF
    from tests.factories import make_staff

    return make_staff("guangdong", group=REGIONAL_STAFF, regions=("440000",))


@pytest.fixture
def guide_citing_article_64(tmp_path, social_insurance_law):
    """A guide one step of which cites Article 64, paragraph 1, published before the 2018
    amendment was imported (tests.factories.amendment_imported() imports it)."""
    from tests.factories import guide_citing_article_64

    return guide_citing_article_64(tmp_path)


@pytest.fixture
def seed_guide(social_insurance_law, regions):
    from guides.services import load_guide_file
    from tests.factories import SEED_GUIDE, SEED_GUIDE_CHINESE

    guide, _ = load_guide_file(SEED_GUIDE, SEED_GUIDE_CHINESE)
    return guide


@pytest.fixture
def shipped_content(social_insurance_law, regions):
    """What `manage.py seed` loads: the seed guide and the demonstration variations."""
    from tests.factories import load_shipped_content

    load_shipped_content()


@pytest.fixture
def guide(social_insurance_law, regions):
    """A published guide of five steps (policy, materials, methods, procedure, records)."""
    from tests.factories import make_guide

    return make_guide(steps=5)


@pytest.fixture(autouse=True)
def site_language_to_begin_with():
    """A request leaves its page's language active in the thread (LocaleMiddleware does not
    restore it): every test starts in the site's first language, whatever ran before."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
