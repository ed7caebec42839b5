#!/usr/bin/env bash
# The law's open data against its OpenAPI description (schemathesis): a server on a fresh,
# seeded SQLite database, every operation called with generated data, positive and negative.
# No 500, and every response as the description says (status, content type, schema).
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
port="${API_CHECK_PORT:-8093}"
export DATABASE_URL="sqlite:///$work/api.sqlite3" DEBUG=0 SECURE_SSL_REDIRECT=0 \
  ALLOWED_HOSTS=127.0.0.1 LOG_LEVEL=warning \
  SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py seed -v 0
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/gunicorn portal.wsgi --bind "127.0.0.1:$port" --workers 2 --log-level warning &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
.venv/bin/schemathesis run "http://127.0.0.1:$port/laws/openapi.json" \
  --url "http://127.0.0.1:$port" --checks all --max-examples "${API_CHECK_EXAMPLES:-40}" \
  --phases examples,coverage,fuzzing --no-color
