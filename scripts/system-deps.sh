#!/usr/bin/env bash
# Installs the Debian packages MotCua needs (as root), or prints the apt line to run.
# Usage: scripts/system-deps.sh [test|bench|postgres]
set -euo pipefail
pkgs=(gettext fonts-liberation2 fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 nodejs)
# redis-server: tests/scale runs web nodes that share sessions through Redis.
if [ "${1:-}" = "test" ]; then pkgs+=(chromium redis-server); fi
if [ "${1:-}" = "bench" ]; then pkgs+=(wrk); fi
# postgresql: make test's throw-away cluster when no server answers (scripts/test-services.sh).
if [ "${1:-}" = "postgres" ]; then pkgs=(postgresql); fi
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
# npm installs the browser assets; some builds of nodejs carry it, Debian's come without.
if [ "${1:-}" != "postgres" ] && ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ]; then
  echo "Installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "Missing system packages. Run as root:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
