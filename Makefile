# MotCua: `make run` serves the portal, `make test` runs the whole suite (SQLite, then PostgreSQL).
.PHONY: run test lint messages

run:
	scripts/run.sh

test:
	scripts/test.sh

lint:
	.venv/bin/ruff check src tests
	.venv/bin/ruff format --check src tests

messages:
	cd src/motcua && ../../.venv/bin/django-admin makemessages -l en --no-obsolete
