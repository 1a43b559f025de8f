#!/usr/bin/env bash
# The API through a failover. A primary and its streaming hot standby (scripts/replica-postgres.sh); the API on a
# multi-host URL with target_session_attrs=read-write, a client writing (POST /leitos/) and reading in a loop; the
# primary crashes (pg_ctl stop -m immediate) and the standby is promoted GAP seconds later, as failover tooling does.
# Prints, in one run: the seconds without a served write, from the crash and from the promotion; the count of 503s
# (each with Retry-After) and of 500s; and the acknowledged writes missing on the new primary.
#   bench/failover.sh [GAP_SECONDS]   (default 3; BENCH_SMOKE=1: the same, results in a temporary folder)
# Writes docs/failover-bench.md.
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
gap=${1:-3}
primary=$(free_port) standby=$(free_port)
export VIDAPLUS_PRIMARY_PORT=$primary VIDAPLUS_STANDBY_PORT=$standby
on_exit "scripts/replica-postgres.sh stop"
scripts/replica-postgres.sh start > /dev/null
urlof() { echo "postgresql://vidaplus:vidaplus-local@127.0.0.1:$1/vidaplus"; }
failover_url="postgresql://vidaplus:vidaplus-local@127.0.0.1:$primary,127.0.0.1:$standby/vidaplus?target_session_attrs=read-write"

quiet dotnet build VidaPlus.Api -c Release -v q -o "$work/api"
quiet dotnet "$work/api/VidaPlus.Api.dll" db upgrade --database-url "$(urlof "$primary")"
start_api "$work/api/VidaPlus.Api.dll" "$failover_url"
token=$(api_token "$work/api/VidaPlus.Api.dll" "$(urlof "$primary")")

# The client: one write and one read at a time; each line "epoch_ms status retry_after id".
client() {
  local i=0 now body code retry
  while :; do
    i=$((i + 1))
    body=$(curl -s -D "$work/headers" -o - -w '\n%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "{\"numero_leito\": \"F$i\", \"tipo\": \"UTI\", \"status\": \"Livre\"}" "$api_url/leitos/" || true)
    code=${body##*$'\n'}
    retry=$(grep -ci '^retry-after:' "$work/headers" || true)
    now=$(date +%s%3N)
    echo "$now $code $retry $(echo "${body%$'\n'*}" | python3 -c 'import json,sys
try: print(json.load(sys.stdin).get("id", "-"))
except Exception: print("-")')"
    curl -s -o /dev/null -w "$(date +%s%3N) %{http_code} - -\n" -H "Authorization: Bearer $token" "$api_url/leitos/?limit=1" || true
  done
}
client > "$work/requests" 2>/dev/null &
client_pid=$!
on_exit "kill $client_pid"
wait_until 60 "writes before the crash" bash -c "[ \$(grep -c ' 201 ' '$work/requests') -ge 20 ]"
crash=$(date +%s%3N)
scripts/replica-postgres.sh kill-primary
sleep "$gap"
promoted=$(date +%s%3N)
scripts/replica-postgres.sh promote
wait_until 60 "a write after the promotion" bash -c "awk -v t=$promoted '\$1 > t && \$2 == 201' '$work/requests' | grep -q ."
sleep 2
kill "$client_pid" 2> /dev/null || true

first=$(awk -v t="$promoted" '$1 > t && $2 == 201 { print $1; exit }' "$work/requests")
unavailable=$(awk '$2 == 503' "$work/requests" | wc -l)
without_retry=$(awk '$2 == 503 && $3 == 0' "$work/requests" | wc -l)
errors=$(awk '$2 == 500' "$work/requests" | wc -l)
awk '$2 == 201 { print $4 }' "$work/requests" | sort -n > "$work/acknowledged"
PGPASSWORD=vidaplus-local psql -qAt -h 127.0.0.1 -p "$standby" -U vidaplus -d vidaplus -c "SELECT id FROM leitos ORDER BY id" > "$work/kept"
missing=$(comm -23 "$work/acknowledged" <(sort -n "$work/kept") | wc -l)

out=$(result_file failover-bench.md)
{
  echo "# The API through a failover"
  echo
  echo "Made by \`bench/failover.sh $gap\` on $(date -u +%Y-%m-%d): $(nproc) cores, PostgreSQL $(ls -d /usr/lib/postgresql/*/ | sort -V | tail -n 1 | xargs basename)"
  echo "primary and streaming hot standby on loopback (pg_basebackup -R); the API (Release build) on"
  echo "\`postgresql://...@127.0.0.1:P,127.0.0.1:S/vidaplus?target_session_attrs=read-write\`; one client writing a bed and"
  echo "reading the list in a loop; the primary stopped with \`pg_ctl stop -m immediate\`, the standby promoted $gap s later."
  echo
  echo "| requests | 503 (all with Retry-After: $([ "$without_retry" = 0 ] && echo yes || echo "no, $without_retry without")) | 500 | acknowledged writes | missing on the new primary | no write served from the crash | from the promotion |"
  echo "|---|---|---|---|---|---|---|"
  echo "| $(wc -l < "$work/requests") | $unavailable | $errors | $(wc -l < "$work/acknowledged") | $missing | $(awk "BEGIN { printf \"%.2f s\", ($first - $crash) / 1000 }") | $(awk "BEGIN { printf \"%.2f s\", ($first - $promoted) / 1000 }") |"
} > "$out"
cat "$out"
[ "$errors" = 0 ] && [ "$missing" = 0 ] || { echo "bench: $errors answers of 500, $missing acknowledged writes missing" >&2; exit 1; }
