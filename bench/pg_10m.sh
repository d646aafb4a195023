#!/bin/bash
# 10 M dossiers on PostgreSQL (issue 8), main HEAD; run with nothing else heavy.
set -u
cd "$(dirname "$0")/.."
export DATABASE_URL=postgres://postgres@127.0.0.1/gen10m
export MOTCUA_DATA_DIR=${MOTCUA_DATA_DIR:-/work/bench-data/pg10m-data}
mkdir -p $MOTCUA_DATA_DIR
echo "start $(date -u +%FT%TZ) $(git rev-parse --short HEAD)"
createdb -U postgres -h 127.0.0.1 gen10m
.venv/bin/motcua migrate -v 0
( while true; do echo "$(date -u +%T) $(ps -C postgres -o cputime=,rss=,args= | grep gen10m | head -3 | tr '\n' ';') df=$(df --output=avail -BG /work | tail -1)"; sleep 60; done ) > "$MOTCUA_DATA_DIR/backend-cpu.log" 2>&1 &
SAMPLER=$!
/usr/bin/time -v .venv/bin/motcua bench generate --dossiers 10000000 --units 160 --years 2
echo "generate rc=$? $(date -u +%FT%TZ)"
kill $SAMPLER
psql -U postgres -h 127.0.0.1 -Atc "select pg_size_pretty(pg_database_size('gen10m'))"
df -h /work
BENCH_REPEAT=1 PYTHONPATH=src .venv/bin/python bench/bench_reports.py
echo "reports rc=$? $(date -u +%FT%TZ)"
