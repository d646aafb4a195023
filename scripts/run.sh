#!/usr/bin/env bash
# Quick start: install everything, prepare the embedded database with reference and demo data,
# and serve motcua at http://127.0.0.1:8000. Safe to run again.
source "$(dirname "$0")/lib.sh"
ensure_debian_packages "${RUNTIME_DEBIAN_PACKAGES[@]}"
ensure_venv base
say "Preparing the database (${DATABASE_URL:-embedded SQLite in ${MOTCUA_DATA_DIR:-var}/})"
motcua migrate --noinput -v 0
motcua collectstatic --noinput -v 0
motcua demo
exec motcua serve --bind "${MOTCUA_BIND:-127.0.0.1:8000}"
