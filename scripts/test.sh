#!/usr/bin/env bash
# Install the development tools and run the whole test suite: on SQLite, then on PostgreSQL
# when MOTCUA_TEST_POSTGRES_URL names a database (postgres://user@host:port/name; the suite
# creates and drops test_<name> beside it). With CI=true a missing PostgreSQL run or a skipped
# browser test is a failure. Extra arguments go to pytest.
source "$(dirname "$0")/lib.sh"
ensure_debian_packages "${RUNTIME_DEBIAN_PACKAGES[@]}" "${TEST_DEBIAN_PACKAGES[@]}"
ensure_venv dev
OUT="$ROOT/test-output"
mkdir -p "$OUT"
export MOTCUA_DATA_DIR="$OUT/data" MOTCUA_TASK_QUEUE=immediate MOTCUA_EMAIL=file

run_suite() {  # $1 = label, then DATABASE_URL (empty for SQLite)
  local label=$1 url=$2; shift 2
  say "Test suite on $label"
  if [ -n "$url" ]; then export DATABASE_URL="$url"; else unset DATABASE_URL; fi
  python -m pytest -p no:cacheprovider --junitxml="$OUT/junit-$label.xml" "$@"
  python scripts/check_junit.py "$OUT/junit-$label.xml"
}

run_suite sqlite "" "$@"
if [ -n "${MOTCUA_TEST_POSTGRES_URL:-}" ]; then
  run_suite postgresql "$MOTCUA_TEST_POSTGRES_URL" "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "CI=true but MOTCUA_TEST_POSTGRES_URL is not set: the PostgreSQL run would be skipped." >&2
  exit 1
else
  say "PostgreSQL run skipped (set MOTCUA_TEST_POSTGRES_URL=postgres://user@127.0.0.1/motcua_test)"
fi
