#!/usr/bin/env bash
# A throwaway PostgreSQL for development and tests, from the machine's own binaries.
#   scripts/local-postgres.sh start   start it (initdb on first use) and print its URL
#   scripts/local-postgres.sh stop    stop it
#   scripts/local-postgres.sh url     print its URL
# Data lives in .local/postgres (git-ignored). Listens on 127.0.0.1 only, port VIDAPLUS_PG_PORT (default 54329).
# initdb and pg_ctl refuse to run as root, so as root they run as the postgres user.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
port=${VIDAPLUS_PG_PORT:-54329}
user=vidaplus
password=vidaplus-local
url="postgresql://$user:$password@127.0.0.1:$port/vidaplus"

die() { echo "local-postgres: $*" >&2; exit 1; }

find_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$dir" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "local-postgres: PostgreSQL is not installed; installing it with apt-get" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  fi
  [ -n "$dir" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql; install the postgresql package"
  echo "$dir"
}

# Runs a command as the cluster's owner: the postgres user when we are root, ourselves otherwise.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

data_dir() {
  local dir="$repo/.local/postgres"
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$dir"
    chmod 700 "$dir"
    # A clone under a folder the postgres user cannot enter (e.g. /root) gets its data in /tmp instead.
    if ! runuser -u postgres -- test -w "$dir"; then
      dir="/tmp/vidaplus-postgres-$(printf '%s' "$repo" | md5sum | cut -c1-12)"
      mkdir -p "$dir" && chown postgres:postgres "$dir" && chmod 700 "$dir"
    fi
  fi
  echo "$dir"
}

is_up() { "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; }

start() {
  local dir; dir=$(data_dir)
  if is_up; then
    # Reuse only our own cluster: another server on this port would be a different database altogether.
    local running
    running=$(PGPASSWORD=$password "$bindir/psql" -qAt -h 127.0.0.1 -p "$port" -U "$user" -d postgres -c "SHOW data_directory" 2>/dev/null || true)
    [ "$running" = "$dir" ] || die "port $port is taken by another PostgreSQL (${running:-not ours}); stop it or set VIDAPLUS_PG_PORT"
    echo "$url"
    return
  fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    local pwfile; pwfile=$(mktemp)
    printf '%s\n' "$password" > "$pwfile"
    chmod 644 "$pwfile"
    as_owner "$bindir/initdb" -D "$dir" -U "$user" --pwfile="$pwfile" --auth=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null || { rm -f "$pwfile"; die "initdb failed in $dir"; }
    rm -f "$pwfile"
  fi
  # fsync off: a throwaway cluster trades durability for speed. No Unix socket: TCP on loopback only.
  as_owner "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k '' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || die "pg_ctl start failed; see $dir/server.log"
  PGPASSWORD=$password "$bindir/psql" -qAt -h 127.0.0.1 -p "$port" -U "$user" -d postgres \
    -c "SELECT 1 FROM pg_database WHERE datname = 'vidaplus'" | grep -q 1 ||
    PGPASSWORD=$password "$bindir/createdb" -h 127.0.0.1 -p "$port" -U "$user" vidaplus
  echo "$url"
}

stop() {
  local dir; dir=$(data_dir)
  if [ -f "$dir/postmaster.pid" ]; then as_owner "$bindir/pg_ctl" -D "$dir" -m fast -w stop >/dev/null; fi
}

bindir=$(find_bindir)
case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$url" ;;
  *) die "usage: $0 start|stop|url" ;;
esac
