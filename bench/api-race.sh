#!/usr/bin/env bash
# The API under concurrent workers for a while, each putting, deleting and creating beds among the same few rows
# (ids 1 to 40; the load that gave 500s before optimistic concurrency), signed in as a superuser with the Python
# app's JSON values: counts every status code, 5xx above all.
#   bench/api-race.sh [SECONDS] [WORKERS]     (default 30 s, 16 workers; BENCH_SMOKE=1: 3 s, 2 workers)
# Uses the local PostgreSQL of scripts/local-postgres.sh; prints the tally and writes nothing else.
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [ "$smoke" = 1 ]; then seconds=3 workers=2; else seconds=${1:-30} workers=${2:-16}; fi
command -v curl > /dev/null || { echo "bench: install curl" >&2; exit 1; }

start_postgres
db=vidaplus_race
fresh_database "$db"
database="${url%/*}/$db"
quiet dotnet build VidaPlus.Api -c Release -v q -o "$work/api"
start_api "$work/api/VidaPlus.Api.dll" "$database"
token=$(api_token "$work/api/VidaPlus.Api.dll" "$database")
base="$api_url/leitos"
call() { curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
for i in $(seq 8); do
  call -d "{\"numero_leito\":\"R$i\",\"tipo\":\"UTI\",\"status\":\"Livre\"}" "$base/" > /dev/null
done

worker() { # its number; one status code per line
  local end=$((SECONDS + seconds)) n=0 id
  while [ "$SECONDS" -lt "$end" ]; do
    id=$(((n * 7 + $1) % 40 + 1))
    case $(((n + $1) % 5)) in
      0) call -X DELETE "$base/$id" ;;
      1) call -d "{\"numero_leito\":\"N$1-$n\",\"tipo\":\"UTI\",\"status\":\"Livre\"}" "$base/" ;;
      *) call -X PUT -d "{\"numero_leito\":\"P$1-$n\",\"tipo\":\"Enfermaria\",\"status\":\"Reservado\"}" "$base/$id" ;;
    esac
    n=$((n + 1))
  done
}
pids=()
for w in $(seq "$workers"); do
  worker "$w" > "$work/worker.$w" &
  pids+=($!)
  on_exit "kill $!"
done
wait "${pids[@]}"
total=$(cat "$work"/worker.* | wc -l)
echo "$workers workers, $seconds s, $total requests:"
cat "$work"/worker.* | sort | uniq -c | awk '{ printf "  %s x%s\n", $2, $1 }'
echo "  5xx: $(cat "$work"/worker.* | grep -c '^5' || true)"
if [ "$smoke" = 1 ] && grep -qvE '^(200|201|204|404|409|412)$' "$work"/worker.*; then
  echo "bench: an unexpected status code (see the tally above)" >&2
  exit 1
fi
