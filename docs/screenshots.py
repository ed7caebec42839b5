"""Screenshots of the pages a citizen reads on a phone (375 x 812), in both languages.

Run against a served site (``make run`` in another terminal), with Chromium installed:

    .venv/bin/python docs/screenshots.py [http://127.0.0.1:8000]

It writes docs/screenshots/*.png: the first screen of each page, and prints where step 1
begins on each guide page (the browser tests check the same, tests/e2e/test_phone.py).
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

GUIDE = "/guides/where-to-pay-social-security/"
PAGES = {
    "national-guide": GUIDE,
    "city-guide": GUIDE + "440000/440300/",
    "checklist": GUIDE + "440000/440300/checklist/",
}
OUT = Path(__file__).parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"


def main(base: str) -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 375, "height": 812})
        for name, path in PAGES.items():
            for prefix, language in (("", "en"), ("/zh-hans", "zh-hans")):
                page.goto(base + prefix + path)
                step = page.locator("#step-1")
                top = step.bounding_box()["y"] if step.count() else None
                page.screenshot(path=OUT / f"{name}-{language}.png")
                where = f": step 1 at {top:.0f} px" if top is not None else ""
                print(f"{name} ({language}){where}")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000")
