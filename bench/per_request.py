"""Where a request's time goes: ``make profile`` (after ``make bench``, whose database it reads).

Calls the WSGI application in a loop, in this process, with the production settings and
Redis, for the bare reference app (bench/bare_app.py) and each page given (default: /healthz,
the whole-stack /bench/bare view and the national guide, cached), and prints the time per
request, wall and CPU. PROFILE=1 adds cProfile's top functions for each (SORT=cumulative or
tottime; LINES=30 of them), and COOKIE=... sends a cookie (``sessionid=x`` bypasses the page
cache). The loop has no network or gunicorn in it, so it shows the portal's own cost beside
Django's.
"""

import cProfile
import io
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "3000"))
DEFAULT_PATHS = ["/healthz", "/bench/bare", load.GUIDE]


def timed(application, path: str, cookie: str = "") -> None:
    from django.test.client import RequestFactory

    factory = RequestFactory()
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    def one() -> None:
        environ = factory._base_environ(
            PATH_INFO=path.split("?")[0],
            QUERY_STRING=path.partition("?")[2],
            REQUEST_METHOD="GET",
            SERVER_NAME="127.0.0.1",
            HTTP_HOST="127.0.0.1",
            **({"HTTP_COOKIE": cookie} if cookie else {}),
        )
        result = application(environ, start_response)
        b"".join(result)
        if hasattr(result, "close"):  # as a WSGI server does (PEP 3333)
            result.close()

    for _ in range(200):  # warm up: caches, lazy imports, the page kept in memory
        one()
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(REQUESTS):
        one()
    wall = (time.perf_counter() - started) / REQUESTS * 1e6
    cpu = (time.process_time() - cpu) / REQUESTS * 1e6
    print(f"{path:48} {statuses[-1]:8} {wall:7.0f} µs {cpu:7.0f} µs CPU")
    if os.environ.get("PROFILE"):
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(REQUESTS):
            one()
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).sort_stats(os.environ.get("SORT", "tottime"))
        stats.print_stats(int(os.environ.get("LINES", "30")))
        print(out.getvalue())


def run(app: str, paths: list[str]) -> None:
    """In this process: the bare app, or the portal for each of `paths`."""
    os.environ.update(load.environment())
    if app == "bare":
        from bench.bare_app import application

        timed(application, "/")
        return
    from portal.wsgi import application

    for path in paths:
        timed(application, path, os.environ.get("COOKIE", ""))


def main() -> None:
    if sys.argv[1:2] == ["--app"]:
        run(sys.argv[2], sys.argv[3:])
        return
    paths = sys.argv[1:] or DEFAULT_PATHS
    print(f"{REQUESTS} requests each, in-process; the first line is the bare Django app\n"
          f"{'page':48} {'status':8} {'wall':>10} {'CPU':>14}")  # fmt: skip
    # One process each: the bare app and the portal are two Django configurations.
    for app, app_paths in (("bare", []), ("portal", paths)):
        subprocess.run([sys.executable, __file__, "--app", app, *app_paths], check=True)  # noqa: S603


if __name__ == "__main__":
    main()
