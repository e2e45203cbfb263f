#!/usr/bin/env bash
# Sourced by scripts/test.sh: PostgreSQL and Redis for the test run. A server that already
# answers (or TEST_DATABASE_URL / MOTCUA_TEST_REDIS_URL) is used as it is; otherwise a
# throw-away one is started under var/ on a free loopback port and stopped when the run ends
# (also on failure or Ctrl-C). Sets TEST_DATABASE_URL and MOTCUA_TEST_REDIS_URL.

DEFAULT_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test
DEFAULT_TEST_REDIS_URL=redis://127.0.0.1:6379/15
_services_dir=""
_own_postgres=""
_own_redis_port=""

free_port() {
  .venv/bin/python -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"
}

postgres_answers() {
  .venv/bin/python -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$1" 2>/dev/null
}

redis_answers() {
  .venv/bin/python -c "import redis, sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=2).ping()" "$1" 2>/dev/null
}

# As root, PostgreSQL's own programs run as the postgres user (initdb refuses root).
as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Called directly (not in $(…)), so that the folder is known to stop_test_services.
make_services_dir() {
  if [ -z "$_services_dir" ]; then
    mkdir -p var
    _services_dir=$(mktemp -d "$PWD/var/test-services.XXXXXX")
    chmod 755 "$_services_dir"
    # The postgres user must reach the cluster's folder; a clone under a private home
    # folder cannot give it that, so the cluster then lives in /tmp.
    if [ "$(id -u)" = "0" ] && id postgres >/dev/null 2>&1 \
       && ! runuser -u postgres -- test -x "$_services_dir"; then
      rmdir "$_services_dir"
      _services_dir=$(mktemp -d /tmp/motcua-test-services.XXXXXX)
      chmod 755 "$_services_dir"
    fi
  fi
}

start_test_postgres() {
  local bin dir port
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    scripts/system-deps.sh postgres
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  make_services_dir
  dir=$_services_dir/postgres
  mkdir -p "$dir"
  [ "$(id -u)" = "0" ] && chown postgres: "$dir"
  port=$(free_port)
  echo "Starting a throw-away PostgreSQL ($("$bin/postgres" --version | awk '{print $3}')) on 127.0.0.1:$port under $dir"
  as_postgres "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync --no-instructions >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  # Durability is not needed for a cluster that is thrown away at the end of the run.
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o \
    "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; return 1; }
  _own_postgres="$bin/pg_ctl -D $dir/data"
  TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
}

start_test_redis() {
  local dir port
  command -v redis-server >/dev/null || scripts/system-deps.sh test
  make_services_dir
  dir=$_services_dir/redis
  mkdir -p "$dir"
  port=$(free_port)
  echo "Starting a throw-away Redis on 127.0.0.1:$port"
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
    --dir "$dir" --logfile "$dir/redis.log" --pidfile "$dir/redis.pid"
  for _ in $(seq 50); do redis_answers "redis://127.0.0.1:$port/15" && break; sleep 0.1; done
  _own_redis_port=$port
  MOTCUA_TEST_REDIS_URL="redis://127.0.0.1:$port/15"
}

stop_test_services() {
  if [ -n "$_own_postgres" ]; then
    as_postgres $_own_postgres stop -m fast -w >/dev/null 2>&1 || true
  fi
  if [ -n "$_own_redis_port" ]; then
    redis-cli -h 127.0.0.1 -p "$_own_redis_port" shutdown nosave >/dev/null 2>&1 || true
  fi
  [ -n "$_services_dir" ] && rm -rf "$_services_dir"
  return 0
}

start_test_services() {
  trap stop_test_services EXIT
  trap 'exit 130' INT TERM
  if [ -z "${TEST_DATABASE_URL:-}" ]; then
    if postgres_answers "$DEFAULT_TEST_DATABASE_URL"; then
      TEST_DATABASE_URL=$DEFAULT_TEST_DATABASE_URL
    else
      echo "No PostgreSQL answers at $DEFAULT_TEST_DATABASE_URL."
      start_test_postgres
    fi
  fi
  if [ -z "${MOTCUA_TEST_REDIS_URL:-}" ]; then
    if redis_answers "$DEFAULT_TEST_REDIS_URL"; then
      MOTCUA_TEST_REDIS_URL=$DEFAULT_TEST_REDIS_URL
    else
      echo "No Redis answers at $DEFAULT_TEST_REDIS_URL."
      start_test_redis
    fi
  fi
  export TEST_DATABASE_URL MOTCUA_TEST_REDIS_URL
}
