#!/usr/bin/env bash
# Creates .venv and installs pinned dependencies (re-runs only when requirements change).
# Usage: scripts/install.sh [test]
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-base}
scripts/system-deps.sh "$([ "$kind" = test ] && echo test || echo run)"
if [ ! -x .venv/bin/python ]; then
  py=$(scripts/find-python.sh)
  echo "Creating .venv with $py"
  "$py" -m venv .venv
fi
stamp=.venv/.installed-$kind
if [ ! -f "$stamp" ] || [ requirements/$kind.txt -nt "$stamp" ] || [ requirements/base.txt -nt "$stamp" ]; then
  .venv/bin/pip install -q --disable-pip-version-check 'setuptools<81' wheel
  # xstatic-bootstrap's setup imports pkg_resources: build it without isolation.
  .venv/bin/pip install -q --disable-pip-version-check --no-build-isolation XStatic-Bootstrap==5.3.8.0
  .venv/bin/pip install -q --disable-pip-version-check -r requirements/$kind.txt
  touch "$stamp"
fi
.venv/bin/python manage.py compilemessages --ignore=.venv -v 0
