"""The production stack under load: ``make bench``.

Starts what production runs — gunicorn with the production settings,
PostgreSQL, Redis — on a fresh database with the seed content and 1,000
generated guides, then measures with wrk, side by side in one run: the
reference, a separate bare Django app (bench/bare_app.py: no middleware, a fixed
body the size of the guide page, the same gunicorn settings); /healthz and the
portal's own /bench/bare view, for what the portal's stack costs before any page;
a static file served by WhiteNoise; and the portal's pages, in both languages,
three ways: from the page cache (citizens); built around content fragments
already rendered (a session cookie bypasses the page cache, as for staff, new
addresses and query strings); and cold, everything from the database (a second
server with CACHE_FRAGMENTS=0, the session cookie too).
Ratios are to the bare app. A sustained run then mixes every page for
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import add_generated_guides, fresh_database  # noqa: E402

DATABASE = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_load")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
GUIDES = int(os.environ.get("BENCH_GUIDES", "1000"))
DURATION = int(os.environ.get("BENCH_SECONDS", "5"))
# Every line is run this many times, the rounds interleaved; the table shows the spread
# (lowest–highest), as this machine is noisy, and each ratio is to the bare app measured
# at the start of the same round.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
SUSTAINED = int(os.environ.get("BENCH_SUSTAINED", "60"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
PORT = int(os.environ.get("BENCH_PORT", "8077"))
GUIDE = "/guides/where-to-pay-social-security/"
ENGLISH = {
    "home": "/",
    "national guide": GUIDE,
    "city guide": GUIDE + "440000/440300/",
    "article": "/laws/social-insurance-law/article/60/",
    "whole law (98 articles)": "/laws/social-insurance-law/whole/",
    "search": "/search/?q=%E7%81%B5%E6%B4%BB%E5%B0%B1%E4%B8%9A%E4%BA%BA%E5%91%98",
    "answer: flexible, Shenzhen": "/answers/pay/flexible/440300/registered/",
    "calculator result": "/calculators/flexible-worker/?region=310000&base=8000",
    "city figures": "/regions/440000/440300/figures/",
}
# Every page in both languages: the Chinese one at its /zh-hans/ address.
PAGES = {
    **{f"{name}, en": path for name, path in ENGLISH.items()},
    **{f"{name}, zh": "/zh-hans" + path for name, path in ENGLISH.items()},
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


def build(guides: int = GUIDES) -> str:
    """A fresh database with the corpus; returns the hashed name of portal.css.

    BENCH_REUSE=1 keeps the database of an earlier run (same BENCH_DATABASE_URL) instead,
    for trying a change to the code without building the corpus again."""
    reuse = os.environ.get("BENCH_REUSE") == "1"
    if not reuse:
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
    if reuse:
        print("Corpus: the database of an earlier run (BENCH_REUSE=1)")
    else:
        call_command("seed", verbosity=0)
        add_generated_guides(guides)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"Corpus: seed content and {guides} generated guides, "
              f"built in {time.perf_counter() - started:.0f} s")  # fmt: skip
    connection.close()
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


def start_server(
    log: Path, port: int, app: str = "portal.wsgi", **settings: str
) -> subprocess.Popen:
    """gunicorn with the portal's gunicorn.conf.py, for the portal or the bare reference app."""
    cpus = os.cpu_count() or 1
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [str(Path(sys.executable).parent / "gunicorn"), app, "-c", "gunicorn.conf.py"],
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
    probe = "/readyz" if app == "portal.wsgi" else "/"
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{probe}", timeout=2):
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
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    if len(latency) < 2:  # nothing answered within wrk's timeout: say so, not a traceback
        raise SystemExit(f"wrk {path} on port {port} measured no latencies:\n{output}")
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


def spread(values: list[float], digits: int = 0) -> str:
    low, high = min(values), max(values)
    if round(low, digits) == round(high, digits):
        return f"{low:.{digits}f}"
    return f"{low:.{digits}f}–{high:.{digits}f}"


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    stylesheet = build()
    queries = cold_queries()
    print("Queries per page, cold: " + "; ".join(f"{n} {c}" for n, c in queries.items()))
    logs = {
        name: Path(tempfile.gettempdir()) / f"portal-bench-{name}.log"
        for name in ("portal", "cold", "bare")
    }
    servers = [start_server(logs["portal"], PORT)]
    try:
        servers.append(start_server(logs["cold"], PORT + 1, CACHE_FRAGMENTS="0"))
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{GUIDE}", timeout=10) as response:
            guide_bytes = len(response.read())
        servers.append(
            start_server(logs["bare"], PORT + 2, "bench.bare_app", BARE_BODY_BYTES=str(guide_bytes))
        )
        session = ["Cookie: sessionid=benchmark"]  # bypasses the page cache
        # Warm up every worker of both servers (code paths, the search dictionary, caches).
        for path in [*PAGES.values(), "/bench/bare", "/healthz", stylesheet]:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=10).read()
            for port in (PORT, PORT + 1):
                wrk(path, seconds=1, headers=session, port=port)
        wrk("/", seconds=1, port=PORT + 2)
        workers = 2 * (os.cpu_count() or 1) + 1
        print(f"wrk: 2 threads, {CONNECTIONS} connections, {ROUNDS} runs of {DURATION} s per "
              f"line, the runs interleaved; gunicorn: {workers} sync workers per server, "
              f"{os.cpu_count()} CPUs. The reference is a bare Django app (bench/bare_app.py: "
              f"no middleware, a fixed {guide_bytes:,}-byte body, the national guide's size), "
              f"served by the same gunicorn settings.\n")  # fmt: skip
        lines = {
            "bare Django app (reference)": ("/", [], PORT + 2),
            "/healthz (answered in front of Django)": ("/healthz", [], PORT),
            "/bench/bare (whole stack, 3 bytes)": ("/bench/bare", [], PORT),
            "static file (WhiteNoise)": (stylesheet, [], PORT),
        }
        for name, path in PAGES.items():
            lines[f"{name}, cached"] = (path, [], PORT)
            lines[f"{name}, page built"] = (path, session, PORT)
            lines[f"{name}, cold"] = (path, session, PORT + 1)
        runs: dict[str, list[dict]] = {name: [] for name in lines}
        ratios: dict[str, list[float]] = {name: [] for name in lines}
        for _ in range(ROUNDS):
            reference = wrk("/", seconds=DURATION, port=PORT + 2)
            runs["bare Django app (reference)"].append(reference)
            for name, (path, headers, port) in lines.items():
                result = (
                    reference
                    if port == PORT + 2
                    else wrk(path, seconds=DURATION, headers=headers, port=port)
                )
                if result is not reference:
                    runs[name].append(result)
                # Each line against the reference measured just before it, in the same round.
                ratios[name].append(result["rps"] / reference["rps"])
        width = max(map(len, lines))
        print(f"{'page':{width}} {'req/s':>11} {'p50 ms':>9} {'p99 ms':>11} "
              f"{'÷ bare app':>11} {'non-2xx':>8}")  # fmt: skip
        for name, results in runs.items():
            print(f"{name:{width}} {spread([r['rps'] for r in results]):>11} "
                  f"{spread([r['p50'] for r in results], 1):>9} "
                  f"{spread([r['p99'] for r in results], 1):>11} "
                  f"{spread(ratios[name], 2):>11} {sum(r['bad'] for r in results):8d}")  # fmt: skip

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
            for name in ("portal", "cold")
            for line in logs[name].read_text().splitlines()
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
