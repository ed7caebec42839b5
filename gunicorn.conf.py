"""Gunicorn settings for the portal: ``gunicorn portal.wsgi -c gunicorn.conf.py``.

Every value can be changed through the environment, so one image serves every
deployment. Invalid values stop the server at start-up with one clear line.
"""

import json
import math
import os
from pathlib import Path

from gunicorn.glogging import Logger, SafeAtoms


def _fail(message: str) -> None:
    # Same style as portal.settings: the operator gets one line, not a traceback.
    raise SystemExit(f"Configuration error: {message}")


def _env_int(name: str, default: int, minimum: int = 1) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        _fail(f"{name}={raw!r} must be an integer of at least {minimum}.")
    return value


def _available_cpus() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and other platforms without affinity masks
        cpus = os.cpu_count() or 1
    # A container's CPU quota (cgroup v2) does not show in the affinity mask:
    # without this a container limited to one CPU on a large host would start
    # as many workers as the host has cores, and run out of memory instead.
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
        if quota != "max":
            cpus = min(cpus, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return cpus


# --- Socket ---------------------------------------------------------------
# Inside a container the published port only reaches 0.0.0.0; outside one,
# GUNICORN_BIND (e.g. "127.0.0.1:8000" or "unix:/run/portal.sock") narrows it.
bind = [os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{_env_int('PORT', 8000)}"]

# --- Workers --------------------------------------------------------------
# Each worker holds a full copy of Django, so memory, not CPU, is the limit on
# large hosts; past eight workers scale out with more instances instead.
workers = _env_int("WEB_CONCURRENCY", min(2 * _available_cpus() + 1, 8))
threads = _env_int("GUNICORN_THREADS", 1)
# Sync workers enforce `timeout` per request (a hung request costs one worker,
# which is then replaced) and rely on the TLS proxy to buffer slow clients.
# Use GUNICORN_THREADS > 1 when the proxy in front does not buffer requests.
worker_class = "gthread" if threads > 1 else "sync"

timeout = 30
# Shorter than the 30 s most orchestrators wait between SIGTERM and SIGKILL,
# so requests in flight finish before the container is killed.
graceful_timeout = 25
# Longer than nothing, shorter than the proxy's idle timeout (usually 60 s),
# so the proxy, not Gunicorn, closes idle connections and never reuses a
# connection Gunicorn has just closed. Only gthread workers keep connections.
keepalive = 5

# Recycling workers bounds the damage of a slow memory leak; the jitter stops
# all workers from restarting at the same moment. A new worker starts with an empty
# memory of kept pages and its lazily loaded parts (translations, URL patterns, templates):
# some milliseconds before its hits are quick. At 1,000 requests a worker, each was
# replaced every few seconds under `make bench`.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 10000)
max_requests_jitter = max(1, max_requests // 10)

# Import the app once in the master: a broken setting (missing SECRET_KEY,
# bad DATABASE_URL) fails the start-up once and clearly, not in every worker,
# and the workers share the imported code's memory.
preload_app = True

# The worker heartbeat is a file touched every few seconds. On a container's
# overlay or a slow disk those writes can stall long enough for the master to
# think a healthy worker is hung; /dev/shm is memory.
if os.path.isdir("/dev/shm"):  # noqa: S108
    worker_tmp_dir = "/dev/shm"  # noqa: S108

# --- Proxy ----------------------------------------------------------------
# Which peers may tell Gunicorn the request came in over HTTPS (it then sets
# wsgi.url_scheme). Set it to the TLS proxy's address or network. Django reads
# X-Forwarded-Proto itself (SECURE_PROXY_SSL_HEADER), whoever sends it: the
# port must only be reachable through the proxy, which overwrites the header.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# --- Control socket -------------------------------------------------------
# Off unless asked for: the default path is under $HOME, which the container
# user does not have, and a second Gunicorn on the same host (the CI replay
# next to a development server) would unlink the first one's socket.
_control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
control_socket_disable = not _control_socket
if _control_socket:
    control_socket = _control_socket

# --- Logging --------------------------------------------------------------
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
errorlog = "-"  # stderr
accesslog = "-"  # stdout, next to the application's own JSON log lines


class JsonSafeAtoms(SafeAtoms):
    """Access-log values escaped for a JSON string, not only their double quotes.

    Gunicorn's own escaping leaves backslashes and control characters alone, so a
    crafted User-Agent or path could break the line or forge extra fields.
    """

    def __init__(self, atoms: dict) -> None:
        super().__init__(atoms)
        for key, value in atoms.items():
            if isinstance(value, str):
                self[key] = json.dumps(value, ensure_ascii=False)[1:-1]


class JsonAccessLogger(Logger):
    atoms_wrapper_class = JsonSafeAtoms


logger_class = JsonAccessLogger
# One JSON object per line, so the log pipeline can parse it without a grok
# pattern. Status and duration are numbers; everything else is a string.
access_log_format = (
    "{"
    '"type": "access", '
    '"time": "%(t)s", '
    '"remote_addr": "%(h)s", '
    '"forwarded_for": "%({x-forwarded-for}i)s", '
    '"request_id": "%({x-request-id}i)s", '
    '"method": "%(m)s", '
    '"path": "%(U)s", '
    '"query": "%(q)s", '
    '"protocol": "%(H)s", '
    '"status": %(s)s, '
    '"bytes": "%(b)s", '
    '"duration_ms": %(M)s, '
    '"referer": "%(f)s", '
    '"user_agent": "%(a)s", '
    '"pid": "%(p)s"'
    "}"
)
