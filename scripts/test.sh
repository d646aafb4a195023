#!/usr/bin/env bash
# Install the development tools and run the whole test suite: on SQLite and, when
# MOTCUA_TEST_POSTGRES_URL names a database (postgres://user@host:port/name; the suite creates
# and drops test_<name> beside it), on PostgreSQL. The two runs go side by side (each with its
# own data directory and log; MOTCUA_TEST_SERIAL=1 runs them one after the other): much of a
# run is waiting (browsers, servers, subprocesses), so together they take far less than the sum.
# With CI=true a missing PostgreSQL run or a skipped browser test is a failure. Extra arguments
# go to pytest.
source "$(dirname "$0")/lib.sh"
ensure_debian_packages "${RUNTIME_DEBIAN_PACKAGES[@]}" "${TEST_DEBIAN_PACKAGES[@]}"
ensure_venv dev
OUT="$ROOT/test-output"
mkdir -p "$OUT"
export MOTCUA_TASK_QUEUE=immediate MOTCUA_EMAIL=file

run_suite() {  # $1 = label, $2 = DATABASE_URL (empty for SQLite), then pytest arguments
  local label=$1 url=$2; shift 2
  export MOTCUA_DATA_DIR="$OUT/data-$label"
  if [ -n "$url" ]; then export DATABASE_URL="$url"; else unset DATABASE_URL; fi
  python -m pytest -p no:cacheprovider --junitxml="$OUT/junit-$label.xml" "$@"
  python scripts/check_junit.py "$OUT/junit-$label.xml"
}

if [ -z "${MOTCUA_TEST_POSTGRES_URL:-}" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "CI=true but MOTCUA_TEST_POSTGRES_URL is not set: the PostgreSQL run would be skipped." >&2
    exit 1
  fi
  say "Test suite on sqlite"
  run_suite sqlite "" "$@"
  say "PostgreSQL run skipped (set MOTCUA_TEST_POSTGRES_URL=postgres://user@127.0.0.1/motcua_test)"
elif [ "${MOTCUA_TEST_SERIAL:-}" = "1" ]; then
  say "Test suite on sqlite"
  run_suite sqlite "" "$@"
  say "Test suite on postgresql"
  run_suite postgresql "$MOTCUA_TEST_POSTGRES_URL" "$@"
else
  say "Test suites on sqlite and postgresql, side by side (logs: $OUT/suite-*.log)"
  started=$(date +%s)
  ( run_suite sqlite "" "$@" ) >"$OUT/suite-sqlite.log" 2>&1 &
  sqlite_pid=$!
  ( run_suite postgresql "$MOTCUA_TEST_POSTGRES_URL" "$@" ) >"$OUT/suite-postgresql.log" 2>&1 &
  postgresql_pid=$!
  sqlite_rc=0 postgresql_rc=0
  wait "$sqlite_pid" || sqlite_rc=$?
  say "sqlite suite finished (exit $sqlite_rc) after $(( $(date +%s) - started )) s"
  wait "$postgresql_pid" || postgresql_rc=$?
  say "postgresql suite finished (exit $postgresql_rc) after $(( $(date +%s) - started )) s"
  for label in sqlite postgresql; do
    say "Test suite on $label"
    cat "$OUT/suite-$label.log"
  done
  [ "$sqlite_rc" = 0 ] && [ "$postgresql_rc" = 0 ]
fi
