#!/usr/bin/env bash
# Sign-in under load, this build beside the build before bounded sign-in (BENCH_AUTH_BASELINE, a git revision), each
# over its own copy of the same database, the same Argon2id hash (argon2-cffi, pwdlib's parameters) for every user:
#   - CPU per sign-in (the API process's, over sequential sign-ins) beside argon2-cffi's verify of that hash;
#   - bursts of 8 and 32 concurrent sign-ins: p50/p99, statuses, peak RSS, /health/live latency and unrelated
#     authenticated reads (GET /leitos/) during the burst, RSS a while after it;
#   - an unknown email, an inactive user and a wrong password: median time of each over interleaved tries;
#   - authenticated GET /leitos/ and anonymous /health/ready throughput (wrk).
#   bench/auth.sh   (BENCH_SMOKE=1: small bursts and short runs, results in a temporary folder)
# Writes docs/auth-bench.md. Needs wrk and Debian's python3-argon2.
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
baseline=${BENCH_AUTH_BASELINE:-41d045b}
if [ "$smoke" = 1 ]; then
  bursts=(8) per_client=1 tries=3 sequential=3 load=2s settle=5
else
  bursts=(8 32) per_client=2 tries=20 sequential=20 load=10s settle=60
fi
for tool in wrk curl; do command -v "$tool" > /dev/null || { echo "bench: install $tool" >&2; exit 1; }; done
/usr/bin/python3 -c 'import argon2' 2> /dev/null || { echo "bench: install python3-argon2" >&2; exit 1; }
git cat-file -e "$baseline^{commit}" 2> /dev/null || { echo "bench: no revision $baseline here for the baseline (BENCH_AUTH_BASELINE)" >&2; exit 1; }

start_postgres
password=$(openssl rand -hex 16)
hash=$(/usr/bin/python3 -c 'import argon2, sys; print(argon2.PasswordHasher(memory_cost=65536, time_cost=3, parallelism=4).hash(sys.argv[1]))' "$password")
echo "Building this build and $baseline..."
quiet dotnet build VidaPlus.Api -c Release -v q -o "$work/new"
mkdir "$work/src"
git archive "$baseline" | tar -x -C "$work/src"
quiet dotnet build "$work/src/VidaPlus.Api" -c Release -v q -o "$work/old"

ms() { awk '{ printf "%.0f", $1 * 1000 }'; }
# percentile P FILE: the P-th percentile of the numbers in FILE (one per line, seconds), in ms.
percentile() { sort -n "$2" | awk -v p="$1" '{ v[NR] = $1 } END { i = int((NR - 1) * p / 100) + 1; printf "%.0f", v[i] * 1000 }'; }
rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$api_pid/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$api_pid/stat"; }
sign_in() { # EMAIL PASSWORD: "status seconds"
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 120 -d "username=$1" --data-urlencode "password=$2" "$api_url/auth/token/"
}

# measure NAME DLL: every figure for one build, as "key value" lines in $work/NAME.
measure() {
  local name=$1 dll=$2 db="vidaplus_auth_$1" out="$work/figures.$1"
  fresh_database "$db"
  quiet dotnet "$dll" db upgrade --database-url "${url%/*}/$db"
  "$bindir/psql" -qAt -d "$db" -v hash="$hash" <<'SQL'
INSERT INTO users (nome, email, senha, tipo, is_active, is_superuser) VALUES
  ('Bench', 'bench@vidaplus.local', :'hash', 'ADMIN', true, true),
  ('Inactive', 'inactive@vidaplus.local', :'hash', 'ADMIN', false, false);
INSERT INTO admin_users (id) SELECT id FROM users;
INSERT INTO leitos (numero_leito, tipo, status) SELECT 'B' || n, 'UTI', 'LIVRE' FROM generate_series(1, 20) n;
SQL
  # Limits high enough that the timing tries (wrong passwords) are not refused; the older build ignores them.
  start_api "$dll" "${url%/*}/$db" AUTH_FAILURES_PER_ACCOUNT=100000 AUTH_FAILURES_PER_ADDRESS=100000
  : > "$out"
  local token
  token=$(curl -sf -d "username=bench@vidaplus.local" --data-urlencode "password=$password" "$api_url/auth/token/" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')

  local before after i
  before=$(cpu_ticks)
  for i in $(seq "$sequential"); do sign_in bench@vidaplus.local "$password" > /dev/null; done
  after=$(cpu_ticks)
  echo "cpu $(((after - before) * 10 / sequential))" >> "$out"

  local n
  for n in "${bursts[@]}"; do
    local peak=0 sample live_pid reads_pid rss_pid
    (while :; do rss_mb; echo; sleep 0.05; done) > "$work/rss" 2> /dev/null &
    rss_pid=$!
    (while :; do curl -s -o /dev/null -w '%{time_total}\n' --max-time 60 "$api_url/health/live"; sleep 0.05; done) > "$work/live" &
    live_pid=$!
    (while :; do curl -s -o /dev/null -w '%{http_code}\n' --max-time 60 -H "Authorization: Bearer $token" "$api_url/leitos/?limit=5"; sleep 0.05; done) > "$work/reads" &
    reads_pid=$!
    seq $((n * per_client)) | xargs -P "$n" -I{} curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 120 \
      -d "username=bench@vidaplus.local" --data-urlencode "password=$password" "$api_url/auth/token/" > "$work/burst"
    kill "$rss_pid" "$live_pid" "$reads_pid"
    wait "$rss_pid" "$live_pid" "$reads_pid" 2> /dev/null || true
    awk '{ print $2 }' "$work/burst" > "$work/burst.times"
    peak=$(sort -n "$work/rss" | tail -n 1)
    echo "burst$n.p50 $(percentile 50 "$work/burst.times")" >> "$out"
    echo "burst$n.p99 $(percentile 99 "$work/burst.times")" >> "$out"
    echo "burst$n.statuses $(awk '{ print $1 }' "$work/burst" | sort | uniq -c | awk '{ printf "%s%s x%s", sep, $2, $1; sep = ", " }')" >> "$out"
    echo "burst$n.peak $peak" >> "$out"
    echo "burst$n.live.p99 $(percentile 99 "$work/live")" >> "$out"
    echo "burst$n.live.max $(percentile 100 "$work/live")" >> "$out"
    echo "burst$n.reads.503 $(grep -c '^503' "$work/reads" || true) of $(wc -l < "$work/reads")" >> "$out"
    sleep "$settle"
    echo "burst$n.after $(rss_mb)" >> "$out"
  done

  # Interleaved: one of each kind in turn, so a drift of the machine touches the three alike.
  : > "$work/unknown"; : > "$work/inactive"; : > "$work/wrong"
  for i in $(seq "$tries"); do
    sign_in "nobody-$i@vidaplus.local" "$password" | awk '{ print $2 }' >> "$work/unknown"
    sign_in inactive@vidaplus.local "$password" | awk '{ print $2 }' >> "$work/inactive"
    sign_in bench@vidaplus.local "wrong-$i" | awk '{ print $2 }' >> "$work/wrong"
  done
  for kind in unknown inactive wrong; do echo "timing.$kind $(percentile 50 "$work/$kind")" >> "$out"; done

  # A first run unmeasured: the JIT's tiers settle before the figures are taken.
  wrk -t2 -c16 -d2s -H "Authorization: Bearer $token" "$api_url/leitos/?limit=20" > /dev/null
  wrk -t2 -c16 -d2s "$api_url/health/ready" > /dev/null
  wrk -t2 -c16 -d"$load" -H "Authorization: Bearer $token" "$api_url/leitos/?limit=20" > "$work/wrk.auth"
  wrk -t2 -c16 -d"$load" "$api_url/health/ready" > "$work/wrk.anon"
  echo "reads.auth $(awk '/Requests\/sec/ { printf "%.0f", $2 }' "$work/wrk.auth")" >> "$out"
  echo "reads.anon $(awk '/Requests\/sec/ { printf "%.0f", $2 }' "$work/wrk.anon")" >> "$out"
  kill "$api_pid"
  wait "$api_pid" 2> /dev/null || true
}

echo "Measuring $baseline..."
measure old "$work/old/VidaPlus.Api.dll"
echo "Measuring this build..."
measure new "$work/new/VidaPlus.Api.dll"
cffi=$(/usr/bin/python3 - "$hash" "$password" "$sequential" <<'PY'
import argon2, resource, sys
hasher, (phc, password, n) = argon2.PasswordHasher(), sys.argv[1:]
hasher.verify(phc, password)
before = resource.getrusage(resource.RUSAGE_SELF)
for _ in range(int(n)):
    hasher.verify(phc, password)
after = resource.getrusage(resource.RUSAGE_SELF)
print(round((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000 / int(n)))
PY
)

get() { awk -v k="$2" '$1 == k { $1 = ""; sub(/^ /, ""); print }' "$work/figures.$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
result=$(result_file auth-bench.md)
{
  echo "# Sign-in under load: figures"
  echo
  echo "Written by \`bench/auth.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores; each build over its own database, the"
  echo "same Argon2id hash (argon2-cffi, m=65536, t=3, p=4) for every user. \"before\" is $baseline, the build before"
  echo "bounded sign-in. Times in ms, memory in MB."
  echo
  echo "| | before | this build |"
  echo "|---|---|---|"
  echo "| CPU per sign-in (argon2-cffi's verify of the same hash: $cffi ms) | $(get old cpu) ($(ratio "$(get old cpu)" "$cffi")x) | $(get new cpu) ($(ratio "$(get new cpu)" "$cffi")x) |"
  for n in "${bursts[@]}"; do
    echo "| $n concurrent sign-ins: p50 / p99 | $(get old "burst$n.p50") / $(get old "burst$n.p99") | $(get new "burst$n.p50") / $(get new "burst$n.p99") |"
    echo "| $n concurrent: statuses | $(get old "burst$n.statuses") | $(get new "burst$n.statuses") |"
    echo "| $n concurrent: peak RSS / ${settle} s after | $(get old "burst$n.peak") / $(get old "burst$n.after") | $(get new "burst$n.peak") / $(get new "burst$n.after") |"
    echo "| $n concurrent: /health/live p99 / max | $(get old "burst$n.live.p99") / $(get old "burst$n.live.max") | $(get new "burst$n.live.p99") / $(get new "burst$n.live.max") |"
    echo "| $n concurrent: GET /leitos/ answered 503 | $(get old "burst$n.reads.503") | $(get new "burst$n.reads.503") |"
  done
  for build in old new; do
    wrong=$(get $build timing.wrong)
    eval "timing_$build=\"$(get $build timing.unknown) / $(get $build timing.inactive) / $wrong (unknown $(ratio "$(get $build timing.unknown)" "$wrong")x, inactive $(ratio "$(get $build timing.inactive)" "$wrong")x)\""
  done
  echo "| median of $tries: unknown / inactive / wrong password | $timing_old | $timing_new |"
  echo "| req/s: GET /leitos/ signed in / /health/ready anonymous (wrk, 16 connections, $load) | $(get old reads.auth) / $(get old reads.anon) | $(get new reads.auth) / $(get new reads.anon) |"
  echo
  echo "Signed-in reads: $(ratio "$(get new reads.auth)" "$(get old reads.auth)")x the throughput before."
} > "$result"
cat "$result"
