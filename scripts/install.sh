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
  echo "Installing Python packages (requirements/$kind.txt)..."
  pip=(.venv/bin/pip install -q --disable-pip-version-check)
  # pip's notes about this machine's extra package folders are noise here.
  quiet() { "$@" 2>&1 | { grep -v "^WARNING: Location 'file:" || true; }; return "${PIPESTATUS[0]}"; }
  quiet "${pip[@]}" 'setuptools<81' wheel
  # xstatic-bootstrap's setup imports pkg_resources: build it without isolation.
  quiet "${pip[@]}" --no-build-isolation XStatic-Bootstrap==5.3.8.0
  quiet "${pip[@]}" -r "requirements/$kind.txt"
  touch "$stamp"
fi
# Browser assets (Chart.js) from the npm registry, at the versions package-lock.json pins.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing browser assets (package-lock.json)..."
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
fi
# Translations are compiled here, never committed.
if compgen -G "src/motcua/locale/*/LC_MESSAGES/django.po" >/dev/null; then
  (cd src/motcua && ../../.venv/bin/python ../../manage.py compilemessages -v 0)
fi
