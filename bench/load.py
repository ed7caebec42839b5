"""The production stack under load: ``make bench``.

Starts what production runs — gunicorn with the production settings,
PostgreSQL, Redis — on a fresh database with the seed content and 1,000
generated guides, then measures with wrk, side by side in one run: a bare
Django view returning a fixed body, a static file served by WhiteNoise, and
the portal's pages three ways: from the page cache (citizens); built around
content fragments already rendered (a session cookie bypasses the page cache,
as for staff, new addresses and query strings); and cold, everything from the
database (a second server with CACHE_FRAGMENTS=0, the session cookie too).
Ratios are to the bare view. A sustained run then mixes every page for
BENCH_SUSTAINED seconds and counts errors.

Needs PostgreSQL, Redis and wrk (Debian: apt-get install wrk).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import add_generated_guides, fresh_database  # noqa: E402

DATABASE = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_load")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
GUIDES = int(os.environ.get("BENCH_GUIDES", "1000"))
DURATION = int(os.environ.get("BENCH_SECONDS", "5"))
# Every line is run this many times, the rounds interleaved, and the best run kept: the
# machine's other work slows single runs at random, never speeds them up.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SUSTAINED = int(os.environ.get("BENCH_SUSTAINED", "60"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
PORT = int(os.environ.get("BENCH_PORT", "8077"))
GUIDE = "/guides/where-to-pay-social-security/"
PAGES = {
    "home": "/",
    "national guide": GUIDE,
    "city guide": GUIDE + "440000/440300/",
    "national guide, Chinese": "/zh-hans" + GUIDE,
    "city guide, Chinese": "/zh-hans" + GUIDE + "440000/440300/",
    "article": "/laws/social-insurance-law/article/60/",
    "whole law (98 articles)": "/laws/social-insurance-law/whole/",
    "search": "/search/?q=%E7%81%B5%E6%B4%BB%E5%B0%B1%E4%B8%9A%E4%BA%BA%E5%91%98",
}


def environment() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": DATABASE,
        "REDIS_URL": REDIS,
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "BENCHMARK": "1",
        "DEBUG": "0",
        "LOG_LEVEL": "warning",
    }


def build() -> str:
    """A fresh database with the corpus; returns the hashed name of portal.css."""
    fresh_database(DATABASE)
    os.environ.update(environment())
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    cache.clear()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("seed", verbosity=0)
    add_generated_guides(GUIDES)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()
    print(f"Corpus: seed content and {GUIDES} generated guides, "
          f"built in {time.perf_counter() - started:.0f} s")  # fmt: skip
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/portal.css"]


def cold_queries() -> dict[str, int]:
    """The database queries each page costs with every cache out of date, in this process
    (as tests/queries.py counts them for the budgets): the cost behind a cold page."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.cache import bump_generation

    counts = {}
    for name, path in PAGES.items():
        bump_generation()
        with CaptureQueriesContext(connection) as captured:
            status = Client(HTTP_HOST="127.0.0.1").get(path).status_code
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        counts[name] = len(captured)
    connection.close()
    return counts


def start_server(log: Path, port: int, **settings: str) -> subprocess.Popen:
    cpus = os.cpu_count() or 1
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [str(Path(sys.executable).parent / "gunicorn"), "portal.wsgi", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env={
            **environment(),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(2 * cpus + 1),
            **settings,
        },
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2):
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not become ready; see {log}")


def milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(
    path: str,
    *,
    seconds: int,
    headers: list[str] = (),
    script: str | None = None,
    port: int = PORT,
) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    output = subprocess.run(  # noqa: S603 - fixed arguments
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.MULTILINE))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds(latency["50"]),
        "p99": milliseconds(latency["99"]),
        "requests": requests,
        "bad": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(1) if errors else "none",
    }


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    stylesheet = build()
    queries = cold_queries()
    print("Queries per page, cold: " + "; ".join(f"{n} {c}" for n, c in queries.items()))
    log = Path(tempfile.gettempdir()) / "portal-bench-gunicorn.log"
    cold_log = Path(tempfile.gettempdir()) / "portal-bench-gunicorn-cold.log"
    servers = [start_server(log, PORT)]
    try:
        servers.append(start_server(cold_log, PORT + 1, CACHE_FRAGMENTS="0"))
        session = ["Cookie: sessionid=benchmark"]  # bypasses the page cache
        # Warm up every worker of both servers (code paths, the search dictionary, caches).
        for path in [*PAGES.values(), "/bench/bare", stylesheet]:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=10).read()
            for port in (PORT, PORT + 1):
                wrk(path, seconds=1, headers=session, port=port)
        workers = 2 * (os.cpu_count() or 1) + 1
        print(f"wrk: 2 threads, {CONNECTIONS} connections, best of {ROUNDS} runs of "
              f"{DURATION} s per line; "
              f"gunicorn: {workers} sync workers, {os.cpu_count()} CPUs\n")  # fmt: skip
        lines = {
            "bare Django view": ("/bench/bare", [], PORT),
            "static file (WhiteNoise)": (stylesheet, [], PORT),
        }
        for name, path in PAGES.items():
            lines[f"{name}, cached"] = (path, [], PORT)
            lines[f"{name}, page built"] = (path, session, PORT)
            lines[f"{name}, cold"] = (path, session, PORT + 1)
        best: dict[str, dict] = {}
        bad = Counter()  # non-2xx answers in every run, not only the best
        for _ in range(ROUNDS):
            for name, (path, headers, port) in lines.items():
                result = wrk(path, seconds=DURATION, headers=headers, port=port)
                bad[name] += result["bad"]
                if name not in best or result["rps"] > best[name]["rps"]:
                    best[name] = result
        rows = [(name, {**result, "bad": bad[name]}) for name, result in best.items()]
        bare = best["bare Django view"]
        print(f"{'page':34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'÷ bare':>7} {'non-2xx':>8}")
        for name, result in rows:
            ratio = result["rps"] / bare["rps"]
            print(f"{name:34} {result['rps']:9.0f} {result['p50']:8.1f} {result['p99']:8.1f} "
                  f"{ratio:7.2f} {result['bad']:8d}")  # fmt: skip

        script = Path(tempfile.gettempdir()) / "portal-bench-mix.lua"
        paths = ", ".join(f'"{path}"' for path in PAGES.values())
        script.write_text(
            f"local paths = {{{paths}}}\nlocal i = 0\n"
            "request = function()\n  i = i % #paths + 1\n"
            "  return wrk.format('GET', paths[i])\nend\n"
        )
        sustained = wrk("/", seconds=SUSTAINED, script=str(script))
        logged_errors = sum(
            '"level": "ERROR"' in line
            for path in (log, cold_log)
            for line in path.read_text().splitlines()
        )
        print(f"\nSustained mix of all pages for {SUSTAINED} s: {sustained['requests']} requests, "
              f"{sustained['rps']:.0f} req/s, p99 {sustained['p99']:.1f} ms, "
              f"{sustained['bad']} non-2xx/3xx, socket errors: {sustained['socket_errors']}, "
              f"{logged_errors} errors in the log")  # fmt: skip
    finally:
        for running in servers:
            running.terminate()
            running.wait(timeout=30)


if __name__ == "__main__":
    main()
