#!/usr/bin/env bash
# A throwaway primary and its streaming hot standby (pg_basebackup -R), from the machine's own PostgreSQL, for the
# failover tests and bench/failover.sh (and to try a failover by hand).
#   scripts/replica-postgres.sh start          make both and start them; prints "PRIMARY_PORT STANDBY_PORT"
#   scripts/replica-postgres.sh kill-primary   stop the primary at once (pg_ctl stop -m immediate), as a crash does
#   scripts/replica-postgres.sh promote        promote the standby to primary (pg_ctl promote)
#   scripts/replica-postgres.sh stop           stop both and remove them
# Both listen on 127.0.0.1: ports VIDAPLUS_PRIMARY_PORT (default 54359) and VIDAPLUS_STANDBY_PORT (default 54369).
# The user vidaplus (password vidaplus-local) owns the database vidaplus and may replicate.
set -euo pipefail

primary_port=${VIDAPLUS_PRIMARY_PORT:-54359}
standby_port=${VIDAPLUS_STANDBY_PORT:-54369}
password=vidaplus-local
dir="/tmp/vidaplus-replica-$primary_port"

die() { echo "replica-postgres: $*" >&2; exit 1; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1) || true
[ -n "$bindir" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql; run scripts/local-postgres.sh start first"

server() { # DATA PORT: start a cluster on loopback
  as_owner "$bindir/pg_ctl" -D "$1" -l "$1/server.log" -w -t 60 -o "-h 127.0.0.1 -p $2 -k ''" start >/dev/null \
    || die "pg_ctl start failed; see $1/server.log"
}

start() {
  [ ! -d "$dir" ] || die "$dir exists: run stop first"
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  local pwfile="$dir/pwfile"
  printf '%s\n' "$password" > "$pwfile"
  chmod 644 "$pwfile"
  as_owner "$bindir/initdb" -D "$dir/primary" -U vidaplus --pwfile="$pwfile" --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null \
    || die "initdb failed in $dir/primary"
  rm -f "$pwfile"
  # fsync stays on: the test is that an acknowledged write survives the primary's crash.
  cat >> "$dir/primary/postgresql.conf" <<CONF
wal_level = replica
max_wal_senders = 5
hot_standby = on
synchronous_commit = on
max_connections = 100
CONF
  printf '%s\n' "host all all 127.0.0.1/32 scram-sha-256" "host replication vidaplus 127.0.0.1/32 scram-sha-256" > "$dir/primary/pg_hba.conf"
  server "$dir/primary" "$primary_port"
  PGPASSWORD=$password "$bindir/createdb" -h 127.0.0.1 -p "$primary_port" -U vidaplus vidaplus
  as_owner env PGPASSWORD=$password "$bindir/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U vidaplus -D "$dir/standby" -R -X stream -c fast \
    || die "pg_basebackup failed"
  server "$dir/standby" "$standby_port"
  echo "$primary_port $standby_port"
}

stop() {
  local data
  for data in "$dir/standby" "$dir/primary"; do
    if [ -f "$data/postmaster.pid" ]; then as_owner "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  done
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  kill-primary) as_owner "$bindir/pg_ctl" -D "$dir/primary" -m immediate -w stop >/dev/null ;;
  promote) as_owner "$bindir/pg_ctl" -D "$dir/standby" -w promote >/dev/null ;;
  stop) stop ;;
  *) die "usage: $0 start|kill-primary|promote|stop" ;;
esac
