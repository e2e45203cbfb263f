#!/usr/bin/env bash
# Runs the whole suite on SQLite, then on PostgreSQL, then checks that the benchmark runs
# (`make bench BENCH_QUICK=1` on a fresh database; its speed is not checked). PostgreSQL and
# Redis are the ones that answer, or throw-away ones started for the run (test-services.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh test
.venv/bin/ruff check src tests
source scripts/test-services.sh
start_test_services
pg=$TEST_DATABASE_URL
args=(-n "${TEST_WORKERS:-2}" -q "$@")
# SQLite test files (and their -wal/-shm) of runs that were killed.
for file in var/test-*.sqlite3*; do
  [ -e "$file" ] || continue
  pid=${file#var/test-}; pid=${pid%%.*}
  [ -d "/proc/$pid" ] || rm -f "$file"
done
echo "== SQLite =="
env -u DATABASE_URL .venv/bin/pytest "${args[@]}"
echo "== PostgreSQL ($pg) =="
.venv/bin/python scripts/drop-stale-test-dbs.py "$pg"
DATABASE_URL="$pg" .venv/bin/pytest "${args[@]}"
.venv/bin/python scripts/drop-stale-test-dbs.py "$pg" --check
[ $# -eq 0 ] || exit 0  # a chosen part of the suite: no benchmark
echo "== make bench BENCH_QUICK=1 (does the benchmark run? its figures are not checked) =="
smoke=motcua_bench_smoke
drop_smoke() {
  .venv/bin/python -c "import psycopg, sys; psycopg.connect(sys.argv[1], autocommit=True).execute(f'DROP DATABASE IF EXISTS {sys.argv[2]} WITH (FORCE)')" "$pg" "$smoke"
}
drop_smoke
rm -rf var/bench-smoke
BENCH_QUICK=1 BENCH_DATABASE_URL="${pg%/*}/$smoke" BENCH_REDIS_URL="$MOTCUA_TEST_REDIS_URL" \
  MOTCUA_VAR_DIR="$PWD/var/bench-smoke" scripts/bench.sh
drop_smoke
rm -rf var/bench-smoke
