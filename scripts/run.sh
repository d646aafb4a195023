#!/usr/bin/env bash
# Quick start: install everything, prepare the embedded database with reference and demo data,
# and serve motcua at http://127.0.0.1:8000 (or MOTCUA_BIND). Safe to run again.
source "$(dirname "$0")/lib.sh"
ensure_debian_packages "${RUNTIME_DEBIAN_PACKAGES[@]}"
ensure_venv base
# The demo signs citizens in with the VNeID simulator and time-stamps electronic results with
# THE TEST TSA (`motcua demo` makes its certificate); config.py refuses both in production.
export MOTCUA_VNEID="${MOTCUA_VNEID:-simulator}"
export MOTCUA_SIGNING_TSA="${MOTCUA_SIGNING_TSA:-test}"
# Links and QR codes (receipts, signed results, messages) lead where this server listens, unless
# MOTCUA_PUBLIC_URL says otherwise. Listening on every interface: this machine's first address.
export MOTCUA_BIND="${MOTCUA_BIND:-127.0.0.1:8000}"
if [ -z "${MOTCUA_PUBLIC_URL:-}" ]; then
  host="${MOTCUA_BIND%:*}" port="${MOTCUA_BIND##*:}"
  case "$host" in
    0.0.0.0|"[::]"|"::"|"") host="$(hostname -I 2>/dev/null | awk '{print $1}')"; host="${host:-127.0.0.1}" ;;
  esac
  export MOTCUA_PUBLIC_URL="http://${host}:${port}"
fi
say "Public address of links and QR codes: $MOTCUA_PUBLIC_URL"
say "Preparing the database (${DATABASE_URL:-embedded SQLite in ${MOTCUA_DATA_DIR:-var}/})"
motcua migrate --noinput -v 0
motcua collectstatic --noinput -v 0
motcua demo
# The job queue's worker (notifications, payment callbacks and reconciliation, portal sync,
# alerts): one consumer that also runs the periodic tasks. It stops with the web server.
say "Starting the job worker (log: ${MOTCUA_DATA_DIR:-var}/worker.log)"
mkdir -p "${MOTCUA_DATA_DIR:-var}"
motcua run_huey --workers 2 --worker-type thread >"${MOTCUA_DATA_DIR:-var}/worker.log" 2>&1 &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null || true' EXIT INT TERM
motcua serve --bind "$MOTCUA_BIND"
