"""The apps' dependencies point one way, as the README's diagram draws them.

Read from the source: every import of one of our packages, outside migrations (which are
history: they name code as it was).
"""

import ast
from pathlib import Path

from tests.conftest import ROOT

# Each app may import the apps below it, never those above or beside it.
LAYERS = {
    "regions": 0,  # the leaf
    "laws": 0,
    "editorial": 1,  # staff, their roles and regions
    "guides": 2,
    "feedback": 2,  # what citizens say of a page, for its region's staff or the editors
    "local": 3,  # local rules and figures, above the guides they change
    "answers": 4,  # guided answers and calculators, drawn from guides, local rules, figures
    "search": 5,
}
# The portal's infrastructure, which any app may use and which uses none of them; the rest
# of the portal is wiring (settings, URLs, the admin site, cache invalidation, seeding).
INFRASTRUCTURE = {
    "portal.adminpages",
    "portal.bilingual",
    "portal.cache",
    "portal.concurrency",
    "portal.feeds",
    "portal.finders",
    "portal.middleware",
    "portal.proxies",
    "portal.storage",
    "portal.templatetags.bilingual",
    "portal.templatetags.fragments",
}
WIRING = len(LAYERS)


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _rank(module: str) -> int | None:
    app = module.split(".")[0]
    if app == "portal":
        return -1 if module in INFRASTRUCTURE else WIRING
    return LAYERS.get(app)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _crossings() -> tuple[list[tuple[str, str]], int]:
    """(importer, imported) for every import that goes up or sideways between layers, and
    how many imports between our packages were read."""
    wrong, read = [], 0
    for app in [*LAYERS, "portal"]:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            importer = _module(path)
            own = _rank(importer)
            for name in _imports(path):
                target = name.split(".")[0]
                if (target not in LAYERS and target != "portal") or target == importer.split(".")[
                    0
                ]:
                    continue
                read += 1
                rank = _rank(name if name in INFRASTRUCTURE else ".".join(name.split(".")[:2]))
                if rank is not None and own is not None and rank >= own:
                    wrong.append((importer, name))
    return sorted(wrong), read


def test_every_app_imports_only_the_layers_below_it():
    wrong, read = _crossings()
    assert wrong == []
    assert read > 100  # the imports between our apps were really read
