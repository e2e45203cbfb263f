#!/usr/bin/env bash
# make bench: load tests of MotCua on PostgreSQL (database motcua_bench, created if missing).
# BENCH_QUICK=1 runs a ~2-minute smoke version; see src/motcua/bench/driver.py for the knobs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-deps.sh bench
scripts/install.sh base
export DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/motcua_bench}
PYTHONPATH=src exec .venv/bin/python -m motcua.bench.driver
