#!/usr/bin/env bash
# The API under 16 concurrent workers for a while, each putting, deleting and creating beds among the same few rows
# (ids 1 to 40; the load that gave 500s before optimistic concurrency): counts every status code, 5xx above all.
#   bench/api-race.sh [SECONDS] [WORKERS]     (default 30 s, 16 workers)
# Uses the local PostgreSQL of scripts/local-postgres.sh; prints the tally and writes nothing else.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-30}
workers=${2:-16}
command -v curl >/dev/null || { echo "bench: install curl" >&2; exit 1; }

url=$(scripts/local-postgres.sh start)
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
export PGHOST=127.0.0.1 PGPORT=${VIDAPLUS_PG_PORT:-54329} PGUSER=vidaplus PGPASSWORD=vidaplus-local
work=$(mktemp -d)
db=vidaplus_race
port=$((20000 + RANDOM % 20000))
api=""
trap '[ -n "$api" ] && kill "$api" 2>/dev/null; rm -rf "$work"; "$bindir/psql" -qAt -d postgres -c "DROP DATABASE IF EXISTS $db" > /dev/null 2>&1 || true' EXIT

dotnet build VidaPlus.Api -c Release -v q -o "$work/api" > /dev/null
"$bindir/psql" -qAt -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
DATABASE_URL="${url%/*}/$db" dotnet "$work/api/VidaPlus.Api.dll" --urls "http://127.0.0.1:$port" > "$work/api.log" 2>&1 &
api=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do sleep 0.2; done
base="http://127.0.0.1:$port/leitos"
for i in $(seq 8); do
  curl -s -o /dev/null -H 'Content-Type: application/json' -d "{\"numero_leito\":\"R$i\",\"tipo\":\"UTI\",\"status\":\"LIVRE\"}" "$base"
done

worker() { # its number; one status code per line
  local end=$((SECONDS + seconds)) n=0 id
  while [ "$SECONDS" -lt "$end" ]; do
    id=$(( (n * 7 + $1) % 40 + 1 ))
    case $(( (n + $1) % 5 )) in
      0) curl -s -o /dev/null -w '%{http_code}\n' -X DELETE "$base/$id" ;;
      1) curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' \
           -d "{\"numero_leito\":\"N$1\",\"tipo\":\"UTI\",\"status\":\"LIVRE\"}" "$base" ;;
      *) curl -s -o /dev/null -w '%{http_code}\n' -X PUT -H 'Content-Type: application/json' \
           -d "{\"numero_leito\":\"P$1\",\"tipo\":\"ENFERMARIA\",\"status\":\"RESERVADO\"}" "$base/$id" ;;
    esac
    n=$((n + 1))
  done
}
pids=()
for w in $(seq "$workers"); do worker "$w" > "$work/worker.$w" & pids+=($!); done
wait "${pids[@]}"
total=$(cat "$work"/worker.* | wc -l)
echo "$workers workers, $seconds s, $total requests:"
cat "$work"/worker.* | sort | uniq -c | awk '{ printf "  %s x%s\n", $2, $1 }'
echo "  5xx: $(cat "$work"/worker.* | grep -c '^5' || true)"
