#!/usr/bin/env bash
# The server Playwright's webServer starts: a fresh data dir with the demo dealership, an SMTP
# sink that saves every e-mail as an .eml file, then `carsales serve`.
#
#   E2E_PORT       port of the app (default 8765)
#   E2E_SMTP_PORT  port of the SMTP sink (default 8025)
#   E2E_MAIL_DIR   where e-mails are saved (default: mail/ in the fresh data dir, printed on
#                  start); set it in the Playwright config so that tests can read the mails.
#
# Works from any directory: paths are resolved from this script's location.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_BIN="$REPO_ROOT/.venv/bin"
E2E_PORT="${E2E_PORT:-8765}"
E2E_SMTP_PORT="${E2E_SMTP_PORT:-8025}"

# Only what is set below configures the app, not a developer's own CARSALES_* values.
while read -r name; do unset "$name"; done < <(compgen -e | grep '^CARSALES_' || true)

DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/carsales-e2e.XXXXXX")"
export E2E_MAIL_DIR="${E2E_MAIL_DIR:-$DATA_DIR/mail}"
export E2E_SMTP_PORT
export CARSALES_ENV=development
export CARSALES_DATA_DIR="$DATA_DIR"
# The data dir is fresh, but the segmentation models live in the repository's cache
# (installed by `make models`).
export CARSALES_MODEL_DIR="$REPO_ROOT/data/models"
export CARSALES_SMTP_HOST=127.0.0.1
export CARSALES_SMTP_PORT="$E2E_SMTP_PORT"
export CARSALES_PUBLIC_URL="http://127.0.0.1:$E2E_PORT"
# pydantic-settings would also read a .env file from the working directory.
cd "$DATA_DIR"

"$VENV_BIN/python" "$REPO_ROOT/scripts/mail_sink.py" --exit-with-parent &
SINK_PID=$!
# Until the exec below, a failure must not leave the sink running.
trap 'kill "$SINK_PID" 2>/dev/null || true' EXIT

for attempt in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$E2E_SMTP_PORT") 2>/dev/null && break
  if ! kill -0 "$SINK_PID" 2>/dev/null || ((attempt == 100)); then
    echo "the mail sink did not start on port $E2E_SMTP_PORT" >&2
    exit 1
  fi
  sleep 0.1
done

"$VENV_BIN/carsales" migrate
# Without the practice history: speaking and analysing it takes minutes, and Playwright waits
# 120 s for the server (docs/training.md#the-demos-practice-history).
"$VENV_BIN/carsales" seed-demo --without-history

trap - EXIT
# exec keeps this PID for the server, so Playwright's signals reach it directly; the sink,
# started with --exit-with-parent, stops when the server does.
exec "$VENV_BIN/carsales" serve --port "$E2E_PORT"
