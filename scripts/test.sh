#!/usr/bin/env bash
# Runs the whole suite on SQLite, then on PostgreSQL (TEST_DATABASE_URL), then checks that
# the benchmark runs (`make bench BENCH_QUICK=1` on a fresh database; its speed is not checked).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh test
.venv/bin/ruff check src tests
pg=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
args=(-n "${TEST_WORKERS:-2}" -q "$@")
# SQLite test files (and their -wal/-shm) of runs that ended.
for file in var/test-*.sqlite3*; do
  [ -e "$file" ] || continue
  pid=${file#var/test-}; pid=${pid%%.*}
  [ -d "/proc/$pid" ] || rm -f "$file"
done
echo "== SQLite =="
env -u DATABASE_URL .venv/bin/pytest "${args[@]}"
echo "== PostgreSQL ($pg) =="
if ! .venv/bin/python -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=5).close()" "$pg" 2>/dev/null; then
  echo "!!!!!!!! PostgreSQL is NOT reachable at $pg: the PostgreSQL half of the suite cannot run. !!!!!!!!" >&2
  exit 1
fi
.venv/bin/python scripts/drop-stale-test-dbs.py "$pg"
DATABASE_URL="$pg" .venv/bin/pytest "${args[@]}"
[ $# -eq 0 ] || exit 0  # a chosen part of the suite: no benchmark
echo "== make bench BENCH_QUICK=1 (does the benchmark run? its figures are not checked) =="
smoke=motcua_bench_smoke
.venv/bin/python -c "import psycopg, sys; psycopg.connect(sys.argv[1], autocommit=True).execute(f'DROP DATABASE IF EXISTS {sys.argv[2]} WITH (FORCE)')" "$pg" "$smoke"
rm -rf var/bench-smoke
BENCH_QUICK=1 BENCH_DATABASE_URL="${pg%/*}/$smoke" MOTCUA_VAR_DIR="$PWD/var/bench-smoke" scripts/bench.sh
