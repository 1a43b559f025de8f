# Sourced by every bench script: the local PostgreSQL, bounded waits, cleanup of everything a run starts, the API
# started the way the README starts it (SECRET_KEY, a signed-in superuser), and the smoke mode .ci/run uses.
#   BENCH_SMOKE=1 bench/NAME.sh   tiny sizes, results in a temporary folder, docs/ untouched: checks the script runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[1]}")/.."
smoke=${BENCH_SMOKE:-0}
work=$(mktemp -d)
cleanups=()

# Runs at exit, last registered first, whatever ended the script (an error, Ctrl+C, a kill).
on_exit() { cleanups+=("$1"); }
run_cleanups() {
  local i
  for ((i = ${#cleanups[@]} - 1; i >= 0; i--)); do eval "${cleanups[i]}" > /dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap run_cleanups EXIT
trap 'exit 130' INT TERM

# wait_until SECONDS WHAT COMMAND...: polls COMMAND until it succeeds; after SECONDS, fails naming WHAT.
wait_until() {
  local limit=$1 what=$2 deadline=$((SECONDS + $1))
  shift 2
  until "$@" > /dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then echo "bench: $what not within $limit s" >&2; return 1; fi
    sleep 0.1
  done
}

# The result file NAME: docs/NAME, or in smoke mode a file in the temporary folder (printed, then removed).
result_file() { if [ "$smoke" = 1 ]; then echo "$work/$1"; else echo "docs/$1"; fi; }

# Starts scripts/local-postgres.sh (stopped again at exit when this run started it); sets url, bindir and PG*.
start_postgres() {
  local port=${VIDAPLUS_PG_PORT:-54329}
  if ! (echo > "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then on_exit "scripts/local-postgres.sh stop"; fi
  url=$(scripts/local-postgres.sh start)
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  export PGHOST=127.0.0.1 PGPORT=$port PGUSER=vidaplus PGPASSWORD=vidaplus-local PGOPTIONS="-c client_min_messages=warning"
}

# fresh_database NAME: dropped if there, created empty, dropped at exit.
fresh_database() {
  "$bindir/psql" -qAt -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
  on_exit "'$bindir/psql' -qAt -d postgres -c 'DROP DATABASE IF EXISTS $1 WITH (FORCE)'"
}

# A TCP port nothing listens on.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    (echo > "/dev/tcp/127.0.0.1/$port") 2> /dev/null || { echo "$port"; return; }
  done
}

# The signing key every API process of this run shares (as a deploy's replicas do); never printed.
SECRET_KEY=$(openssl rand -hex 32)
export SECRET_KEY

# start_api DLL DATABASE_URL [VAR=VALUE...]: serves on a free port until exit; sets api_url once /health/ready is 200,
# and api_pid.
start_api() {
  local dll=$1 database=$2 port
  shift 2
  port=$(free_port)
  env DATABASE_URL="$database" "$@" dotnet "$dll" --urls "http://127.0.0.1:$port" > "$work/api.$port.log" 2>&1 &
  api_pid=$!
  on_exit "kill $api_pid; wait $api_pid"
  api_url="http://127.0.0.1:$port"
  wait_until 120 "the API's /health/ready (log: $work/api.$port.log)" curl -sf "$api_url/health/ready" \
    || { tail -n 5 "$work/api.$port.log" >&2; return 1; }
}

# api_token DLL DATABASE_URL: a superuser added with `user add`, signed in through /auth/token/; prints its token.
api_token() {
  local password
  password=$(openssl rand -hex 16)
  echo "$password" | DATABASE_URL="$2" dotnet "$1" user add --email bench@vidaplus.local --nome Bench --superuser > /dev/null
  curl -sf -d "username=bench@vidaplus.local" --data-urlencode "password=$password" "$api_url/auth/token/" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}

# quiet COMMAND...: runs it with its output kept aside, shown only if it fails (a build, a publish, a migration).
quiet() {
  local log
  log=$(mktemp -p "$work")
  "$@" > "$log" 2>&1 || { local status=$?; echo "bench: failed: $*" >&2; tail -n 30 "$log" >&2; return "$status"; }
}
