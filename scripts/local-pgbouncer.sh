#!/usr/bin/env bash
# A throwaway PgBouncer in transaction pooling mode in front of the PostgreSQL of scripts/local-postgres.sh, for the
# tests of pooled connections (and to try the API behind a pooler by hand).
#   scripts/local-pgbouncer.sh start   start it (installing Debian's pgbouncer if missing) and print its URL
#   scripts/local-pgbouncer.sh stop    stop it
# Listens on 127.0.0.1 only, port VIDAPLUS_PGBOUNCER_PORT (default 64329); any database name is passed through.
# PgBouncer refuses to run as root, so as root it runs as the postgres user.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
port=${VIDAPLUS_PGBOUNCER_PORT:-64329}
pg_port=${VIDAPLUS_PG_PORT:-54329}
user=vidaplus
password=vidaplus-local
url="postgresql://$user:$password@127.0.0.1:$port/vidaplus"

die() { echo "local-pgbouncer: $*" >&2; exit 1; }

if ! command -v pgbouncer >/dev/null && [ -x /usr/sbin/pgbouncer ]; then PATH="$PATH:/usr/sbin"; fi
if ! command -v pgbouncer >/dev/null; then
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || die "pgbouncer is not installed; install Debian's pgbouncer package"
  echo "local-pgbouncer: installing pgbouncer with apt-get" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >&2
  PATH="$PATH:/usr/sbin"
fi

as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

dir="/tmp/vidaplus-pgbouncer-$port"
pidfile="$dir/pgbouncer.pid"

start() {
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "$url"; return; fi
  mkdir -p "$dir"
  cat > "$dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$pg_port

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/userlist.txt
pool_mode = transaction
max_client_conn = 400
default_pool_size = 20
ignore_startup_parameters = extra_float_digits,search_path
pidfile = $pidfile
logfile = $dir/pgbouncer.log
INI
  printf '"%s" "%s"\n' "$user" "$password" > "$dir/userlist.txt"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
  chmod 700 "$dir"
  as_owner pgbouncer -d "$dir/pgbouncer.ini" || die "pgbouncer failed to start; see $dir/pgbouncer.log"
  for _ in $(seq 50); do
    (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && { echo "$url"; return; }
    sleep 0.1
  done
  die "pgbouncer did not listen on $port; see $dir/pgbouncer.log"
}

stop() {
  if [ -f "$pidfile" ]; then
    kill "$(cat "$pidfile")" 2>/dev/null || true
    for _ in $(seq 50); do [ -f "$pidfile" ] || break; sleep 0.1; done
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) die "usage: $0 start|stop" ;;
esac
