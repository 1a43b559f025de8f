#!/usr/bin/env bash
# A throwaway PostgreSQL that accepts TLS connections only, as a managed or hospital server does, for the TLS tests
# (and to try the API against one by hand).
#   scripts/tls-postgres.sh start   make the certificates and the cluster on first use, start it; prints its port
#                                   and its certificate folder, "PORT DIR"
#   scripts/tls-postgres.sh stop    stop it and remove it, certificates and all (the next start makes new ones)
# In DIR, made with openssl at first start: ca.crt (the CA that signed the server's and the client's certificates),
# other-ca.crt (a CA that signed nothing here), server.crt for the name localhost only (so 127.0.0.1 is a name
# mismatch), client.crt and client.key for the role vidaplus_cert. pg_hba.conf has hostssl lines only: a plain
# connection is refused. The role vidaplus (password vidaplus-local) signs in with a password, vidaplus_cert with its
# certificate. Listens on 127.0.0.1, port VIDAPLUS_TLS_PG_PORT (default 54349).
set -euo pipefail

port=${VIDAPLUS_TLS_PG_PORT:-54349}
password=vidaplus-local

die() { echo "tls-postgres: $*" >&2; exit 1; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1) || true
[ -n "$bindir" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql; run scripts/local-postgres.sh start first"
command -v openssl >/dev/null || die "openssl is not installed"

# In /tmp, which the postgres user can always enter (a clone under /root it cannot); one folder per port.
dir="/tmp/vidaplus-tls-postgres-$port"
mkdir -p "$dir"
certs="$dir/certs" data="$dir/data"

certificates() {
  mkdir -p "$certs"
  local work; work=$(mktemp -d)
  cert() { # NAME SUBJECT ISSUER [EXTENSIONS]: a key and a certificate signed by ISSUER (itself when "self")
    openssl req -new -newkey rsa:2048 -nodes -keyout "$certs/$1.key" -subj "$2" -out "$work/$1.csr" 2>/dev/null
    if [ "$3" = self ]; then
      openssl x509 -req -in "$work/$1.csr" -signkey "$certs/$1.key" -days 3650 -out "$certs/$1.crt" \
        -extfile <(printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=keyCertSign,cRLSign\n') 2>/dev/null
    else
      openssl x509 -req -in "$work/$1.csr" -CA "$certs/$3.crt" -CAkey "$certs/$3.key" -CAcreateserial -days 3650 \
        -out "$certs/$1.crt" -extfile <(printf '%s\n' "${4:-basicConstraints=CA:FALSE}") 2>/dev/null
    fi
  }
  cert ca "/CN=VidaPlus test CA" self
  cert other-ca "/CN=Another CA" self
  cert server "/CN=localhost" ca $'basicConstraints=CA:FALSE\nsubjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth'
  cert client "/CN=vidaplus_cert" ca $'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth'
  rm -rf "$work" "$certs"/*.srl
  chmod 600 "$certs"/*.key
  chmod 644 "$certs"/*.crt
}

start() {
  if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    [ -f "$data/postmaster.pid" ] || die "port $port is taken by another server; stop it or set VIDAPLUS_TLS_PG_PORT"
    echo "$port $certs"
    return
  fi
  [ -f "$certs/server.crt" ] || certificates
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    local pwfile; pwfile=$(mktemp)
    printf '%s\n' "$password" > "$pwfile"
    chmod 644 "$pwfile"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$data" && chmod 700 "$data"
    as_owner "$bindir/initdb" -D "$data" -U vidaplus --pwfile="$pwfile" --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null \
      || { rm -f "$pwfile"; die "initdb failed in $data"; }
    rm -f "$pwfile"
    cp "$certs/server.crt" "$certs/server.key" "$certs/ca.crt" "$data/"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$data/server.crt" "$data/server.key" "$data/ca.crt"
    chmod 600 "$data/server.key"
    printf '%s\n' "hostssl all vidaplus_cert 127.0.0.1/32 cert" "hostssl all all 127.0.0.1/32 scram-sha-256" > "$data/pg_hba.conf"
  fi
  as_owner "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k '' -c fsync=off -c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key -c ssl_ca_file=ca.crt" \
    start >/dev/null || die "pg_ctl start failed; see $data/server.log"
  PGSSLMODE=require PGPASSWORD=$password "$bindir/psql" -qAt -h 127.0.0.1 -p "$port" -U vidaplus -d postgres \
    -c "SELECT 1 FROM pg_roles WHERE rolname = 'vidaplus_cert'" | grep -q 1 ||
    PGSSLMODE=require PGPASSWORD=$password "$bindir/psql" -qAt -h 127.0.0.1 -p "$port" -U vidaplus -d postgres \
      -c "CREATE ROLE vidaplus_cert LOGIN CREATEDB" -c "CREATE DATABASE vidaplus" >/dev/null
  echo "$port $certs"
}

stop() {
  if [ -f "$data/postmaster.pid" ]; then as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) die "usage: $0 start|stop" ;;
esac
