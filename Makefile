# MotCua: `make run` serves the portal, `make test` runs the whole suite (SQLite, then PostgreSQL),
# `make bench` load-tests it on PostgreSQL (`make bench BENCH_QUICK=1`: a 2-minute smoke run).
.PHONY: run test lint messages bench

run:
	scripts/run.sh

test:
	scripts/test.sh

bench:
	scripts/bench.sh

lint:
	.venv/bin/ruff check src tests
	.venv/bin/ruff format --check src tests

messages:
	cd src/motcua && ../../.venv/bin/django-admin makemessages -l en --no-obsolete
