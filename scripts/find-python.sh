#!/usr/bin/env bash
# Prints the path of a Python >= 3.12: python3.13, python3.12 (also pyenv's builds), then python3.
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
candidates=(python3.13 python3.12)
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for v in "$root"/versions/3.13*/bin/python3 "$root"/versions/3.12*/bin/python3; do candidates+=("$v"); done
fi
candidates+=(/usr/bin/python3.13 /usr/bin/python3.12 python3)
for c in "${candidates[@]}"; do
  if ok "$c"; then command -v "$c"; exit 0; fi
done
echo "MotCua needs Python 3.12 or newer. Install it, e.g.: apt-get install python3.13 python3.13-venv (or pyenv install 3.13)" >&2
exit 1
