#!/usr/bin/env bash
# Serves MotCua: migrate, load demo data once, then gunicorn, the task worker and the
# scheduler. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh base
mkdir -p var
py=.venv/bin/python
# The sandbox payment gateway under /sandbox-gateway/ (the demo pays through it).
export MOTCUA_SANDBOX_GATEWAY=${MOTCUA_SANDBOX_GATEWAY:-1}
$py manage.py migrate --noinput -v 0
# Static files are collected (and compressed) again only when a source or a package changed.
manifest=var/static/staticfiles.json
if [ ! -f "$manifest" ] || [ .venv/.installed-base -nt "$manifest" ] \
   || [ -n "$(find src/motcua -path '*/static/*' -newer "$manifest" -print -quit)" ]; then
  echo "Collecting static files..."
  $py manage.py collectstatic --noinput -v 0
fi
$py manage.py load_demo
# Development signing keys (a local CA, a certificate per unit: only what is missing), unless
# the province's own PKCS#12 file is configured.
[ -n "${MOTCUA_SIGNING_PKCS12:-}" ] || $py manage.py make_dev_signing_cert
port=${PORT:-8000}
# No worker runs yet: a message a killed worker left "sending" is queued again.
$py manage.py notifications_recover --lease-seconds 1
$py manage.py db_worker &
worker=$!
# The periodic jobs (core/scheduler.py): recovery, the staff digest, payment reconciliation…
$py manage.py run_scheduler &
scheduler=$!
.venv/bin/gunicorn motcua.conf.wsgi --pythonpath src --bind "127.0.0.1:$port" \
  --workers "${WEB_CONCURRENCY:-2}" --no-control-socket --access-logfile - \
  --config src/motcua/conf/gunicorn.py &
web=$!
trap 'kill $web $worker $scheduler 2>/dev/null; wait $web $worker $scheduler 2>/dev/null; exit 0' INT TERM
echo "MotCua: http://127.0.0.1:$port/"
wait -n $web $worker $scheduler
kill $web $worker $scheduler 2>/dev/null || true
