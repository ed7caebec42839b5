"""Lighthouse on the production stack: ``make lighthouse``.

Builds a fresh PostgreSQL database with the seed content (as ``make bench`` does, without
the generated guides), serves it with gunicorn, the production settings and Redis, and runs
Lighthouse (npm ``lighthouse``, locked in package-lock.json) with the machine's Chromium
on the home page, a guide, a city guide, an article and search, in English and Chinese.
It prints each page's four scores and, for any below 100, the audits that cost points, and
exits non-zero if any score is below 100.

Needs PostgreSQL, Redis, Node (npm ci) and Chromium (CHROME_PATH, default /usr/bin/chromium).
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_lighthouse")
os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
os.environ.setdefault("BENCH_PORT", "8087")

from bench import load  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
ENGLISH = {
    "home": "/",
    "guide": load.GUIDE,
    "city guide": load.GUIDE + "440000/440300/",
    "article": "/laws/social-insurance-law/article/60/",
    "search": "/search/?q=%E7%81%B5%E6%B4%BB%E5%B0%B1%E4%B8%9A%E4%BA%BA%E5%91%98",
}
PAGES = {
    **{f"{name}, en": path for name, path in ENGLISH.items()},
    **{f"{name}, zh": "/zh-hans" + path for name, path in ENGLISH.items()},
}


def audit(url: str, attempts: int = 3) -> dict:
    """Lighthouse's report for `url`, with its default mobile settings. Chromium's start is
    retried: on this machine it now and then fails to attach, which says nothing of the page."""
    for attempt in range(attempts):
        run = subprocess.run(  # noqa: S603 - fixed arguments
            [
                str(LIGHTHOUSE),
                url,
                "--output=json",
                "--output-path=stdout",
                "--quiet",
                f"--only-categories={','.join(CATEGORIES)}",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "CHROME_PATH": CHROME},
        )
        if run.returncode == 0:
            return json.loads(run.stdout)
        if attempt == attempts - 1:
            raise SystemExit(f"Lighthouse failed on {url}:\n{run.stderr[-2000:]}")
    raise AssertionError("unreachable")


def shortfalls(report: dict, category: str) -> list[str]:
    """The audits of `category` that cost it points, each with its score and title."""
    audits = report["audits"]
    return [
        f"{ref['id']} ({audits[ref['id']]['score']}): {audits[ref['id']]['title']}"
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0
        and audits[ref["id"]]["score"] is not None
        and audits[ref["id"]]["score"] < 1
    ]


def main() -> None:
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is needed: npm ci")
    load.build(guides=0)
    log = Path(tempfile.gettempdir()) / "portal-lighthouse-gunicorn.log"
    server = load.start_server(log, load.PORT)
    below = []
    try:
        print(f"Lighthouse {audit_version()}, mobile defaults, Chromium at {CHROME}; "
              "gunicorn, PostgreSQL, Redis, DEBUG off\n")  # fmt: skip
        print(f"{'page':18} " + " ".join(f"{name:>14}" for name in CATEGORIES))
        for name, path in PAGES.items():
            report = audit(f"http://127.0.0.1:{load.PORT}{path}")
            scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
            print(f"{name:18} " + " ".join(f"{scores[c]:>14}" for c in CATEGORIES))
            below += [
                f"{name} {category}: {', '.join(shortfalls(report, category))}"
                for category in CATEGORIES
                if scores[category] < 100
            ]
    finally:
        server.terminate()
        server.wait(timeout=30)
    if below:
        print("\nBelow 100:\n  " + "\n  ".join(below))
        raise SystemExit(1)


def audit_version() -> str:
    return subprocess.run(  # noqa: S603 - fixed arguments
        [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()


if __name__ == "__main__":
    main()
