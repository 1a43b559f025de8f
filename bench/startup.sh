#!/usr/bin/env bash
# Startup and apply speed of the VidaPlus paths beside `dotnet ef`, an EF migration bundle and psql, on one machine
# in one run. Writes docs/benchmarks.md and docs/benchmarks.svg. Needs hyperfine and curl (Debian packages).
#   bench/startup.sh [RUNS]    (default 7 runs per measurement; BENCH_SMOKE=1: 2 runs and 3 extra migrations, not 150)
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [ "$smoke" = 1 ]; then runs=2 extra=3; else runs=${1:-7} extra=150; fi
command -v hyperfine >/dev/null || { echo "bench: install hyperfine (apt-get install hyperfine)" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench: install curl" >&2; exit 1; }

start_postgres
server=${url%/*}
db=vidaplus_bench
for name in "$db" "${db}_150" "${db}_template" "${db}_copy"; do fresh_database "$name"; done
conn="Host=127.0.0.1;Port=$PGPORT;Username=vidaplus;Password=vidaplus-local;Database=$db"
recreate="$bindir/psql -qAt -d postgres -c 'DROP DATABASE IF EXISTS $db' -c 'CREATE DATABASE $db'"

echo "Building (Release)..."
quiet dotnet tool restore
# Both published ReadyToRun, as the Dockerfile publishes the API: start-up cost is mostly JIT otherwise.
r2r=(-c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -v q)
quiet dotnet publish VidaPlus.Api "${r2r[@]}" -o "$work/api"
quiet dotnet publish bench/floor "${r2r[@]}" -o "$work/floor"
# The same two, JIT-compiled (a plain Release build), for the like-for-like JIT ratio.
quiet dotnet build VidaPlus.Api -c Release -v q -o "$work/api-jit"
quiet dotnet build bench/floor -c Release -v q -o "$work/floor-jit"
# A copy of the project with 150 more small migrations, published the same way: does the no-op check grow with the
# number of migrations?
many=$(($(ls VidaPlus.Data/Migrations/2*_*.cs | grep -vc Designer) + extra))
mkdir -p "$work/m150"
git ls-files -z | xargs -0 cp --parents -t "$work/m150"
for i in $(seq -f '%03g' 1 "$extra"); do
  cat > "$work/m150/VidaPlus.Data/Migrations/20261201000${i}_Bench${i}.cs" <<CS
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace VidaPlus.Data.Migrations;

[DbContext(typeof(VidaPlusDbContext))]
[Migration("20261201000${i}_Bench${i}")]
public sealed class Bench${i} : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("COMMENT ON TABLE leitos IS 'bench ${i}'");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("COMMENT ON TABLE leitos IS NULL");
}
CS
done
quiet dotnet publish "$work/m150/VidaPlus.Api" "${r2r[@]}" -o "$work/api150"
quiet dotnet build VidaPlus.Data -v q
quiet dotnet ef migrations bundle --project VidaPlus.Data --no-build -o "$work/efbundle" --force
quiet dotnet ef migrations script --project VidaPlus.Data --no-build -o "$work/full.sql"
quiet dotnet ef migrations script --project VidaPlus.Data --no-build --idempotent -o "$work/idempotent.sql"
dotnet build-server shutdown > /dev/null 2>&1 || true   # no compiler server busy in the background while timing
export DATABASE_URL="$server/$db"

api_upgrade="dotnet $work/api/VidaPlus.Api.dll db upgrade --database-url '$conn'"
bundle="$work/efbundle --connection '$conn'"
ef_update="dotnet ef database update --project VidaPlus.Data --no-build"
psql_full="$bindir/psql -q -v ON_ERROR_STOP=1 -d $db -f $work/full.sql"
psql_noop="$bindir/psql -q -v ON_ERROR_STOP=1 -d $db -f $work/idempotent.sql"
floor="dotnet $work/floor/Floor.dll '$conn'"
api_upgrade_jit="dotnet $work/api-jit/VidaPlus.Api.dll db upgrade --database-url '$conn'"
floor_jit="dotnet $work/floor-jit/Floor.dll '$conn'"
db150=${db}_150
conn150="Host=127.0.0.1;Port=$PGPORT;Username=vidaplus;Password=vidaplus-local;Database=$db150"
api150_upgrade="dotnet $work/api150/VidaPlus.Api.dll db upgrade --database-url '$conn150'"
floor150="dotnet $work/floor/Floor.dll '$conn150'"
forget="$bindir/psql -qAt -d $db -c 'DELETE FROM __vidaplus_verified_builds'"
forget150="$bindir/psql -qAt -d $db150 -c 'DELETE FROM __vidaplus_verified_builds'"

hf() { # name, prepare, command
  hyperfine -N --runs "$runs" --warmup 1 ${2:+--prepare "$2"} --export-json "$work/$1.json" "$3" > /dev/null 2>&1 \
    || hyperfine --runs "$runs" --warmup 1 ${2:+--prepare "$2"} --export-json "$work/$1.json" "$3" > /dev/null
}

echo "Empty database to head..."
hf up_api "$recreate" "$api_upgrade"
hf up_bundle "$recreate" "$bundle"
hf up_ef "$recreate" "$ef_update"
hf up_psql "$recreate" "$psql_full"

echo "No-op at head..."
# At head as a VidaPlus deploy leaves it: migrated by VidaPlus, so every migration is recorded.
eval "$recreate"
eval "$api_upgrade" > /dev/null
hf noop_api "" "$api_upgrade"
hf noop_bundle "" "$bundle"
hf noop_ef "" "$ef_update"
hf noop_psql "" "$psql_noop"
hf noop_floor "" "$floor"
hf noop_api_jit "" "$api_upgrade_jit"
hf noop_floor_jit "" "$floor_jit"
# The first start of a build on a database: the checksums are computed and the verification remembered.
hf first_api "$forget" "$api_upgrade"

echo "No-op at head with $many migrations..."
eval "$api150_upgrade" > /dev/null
hf noop_api150 "" "$api150_upgrade"
hf noop_floor150 "" "$floor150"
hf first_api150 "$forget150" "$api150_upgrade"

echo "Per-test database provisioning..."
"$bindir/psql" -qAt -d postgres -c "DROP DATABASE IF EXISTS ${db}_template" -c "CREATE DATABASE ${db}_template TEMPLATE $db"
hf provision_template "$bindir/psql -qAt -d postgres -c 'DROP DATABASE IF EXISTS ${db}_copy'" \
  "$bindir/psql -qAt -d postgres -c 'CREATE DATABASE ${db}_copy TEMPLATE ${db}_template STRATEGY FILE_COPY'"
hf provision_migrate "$recreate" "$bundle"

echo "API start to /health/ready = 200..."
# An OTLP receiver that accepts everything (HTTP, protobuf) and keeps nothing: the export's cost to the API, not a collector's.
sink=$(free_port)
python3 -c '
import http.server, sys
class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()' "$sink" &
on_exit "kill $!"
telemetry=(OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$sink" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)
ready_once() { # MIGRATE_ON_STARTUP value [VAR=VALUE...]; prints the seconds from process start to the first 200
  local port start pid migrate=$1
  shift
  port=$(free_port)
  start=$(date +%s.%N)
  env MIGRATE_ON_STARTUP="$migrate" DATABASE_URL="$conn" "$@" dotnet "$work/api/VidaPlus.Api.dll" --urls "http://127.0.0.1:$port" > /dev/null 2>&1 &
  pid=$!
  wait_until 120 "the API's /health/ready" curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" || { kill "$pid"; return 1; }
  awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.4f\n", e - s }'
  kill "$pid"; wait "$pid" 2> /dev/null || true
}
# Interleaved, after one warm-up each, so neither setting gets the quieter moments of the machine.
ready_once true > /dev/null; ready_once false > /dev/null; ready_once true "${telemetry[@]}" > /dev/null
for _ in $(seq "$runs"); do
  ready_once true >> "$work/ready_on.txt"
  ready_once false >> "$work/ready_off.txt"
  ready_once true "${telemetry[@]}" >> "$work/ready_telemetry.txt"
done

python3 - "$work" "$runs" "$(result_file benchmarks.md)" "$(result_file benchmarks.svg)" "$many" "$extra" <<'PY'
import json, statistics, sys, platform, os, subprocess, datetime
work, runs, md_path, svg_path, many, extra = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
def hf(name):
    times = json.load(open(f"{work}/{name}.json"))["results"][0]["times"]
    return times
def txt(name):
    return [float(l) for l in open(f"{work}/{name}.txt") if l.strip()]
rows = [
    ("1. start to ready, migration on", txt("ready_on")),
    ("1. start to ready, migration off", txt("ready_off")),
    ("1. start to ready, migration on, telemetry exported (OTLP)", txt("ready_telemetry")),
    ("2. empty to head: VidaPlus.Api db upgrade", hf("up_api")),
    ("2. empty to head: EF bundle", hf("up_bundle")),
    ("2. empty to head: dotnet ef database update", hf("up_ef")),
    ("2. empty to head: psql -f script", hf("up_psql")),
    ("3. no-op at head: VidaPlus.Api db upgrade", hf("noop_api")),
    ("3. no-op at head: EF bundle", hf("noop_bundle")),
    ("3. no-op at head: dotnet ef database update", hf("noop_ef")),
    ("3. no-op at head: psql -f idempotent script", hf("noop_psql")),
    ("5. .NET floor: one Npgsql connection reads the history", hf("noop_floor")),
    ("3. no-op at head, JIT: VidaPlus.Api db upgrade", hf("noop_api_jit")),
    ("5. .NET floor, JIT", hf("noop_floor_jit")),
    ("3. no-op at head, first start of this build (full check)", hf("first_api")),
    (f"6. {many} migrations, no-op at head: VidaPlus.Api db upgrade", hf("noop_api150")),
    (f"6. {many} migrations: .NET floor", hf("noop_floor150")),
    (f"6. {many} migrations, first start of this build (full check)", hf("first_api150")),
    ("4. test database: CREATE DATABASE ... TEMPLATE (FILE_COPY)", hf("provision_template")),
    ("4. test database: empty + EF bundle to head", hf("provision_migrate")),
]
med = {name: statistics.median(t) for name, t in rows}
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
mem = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)
pg = subprocess.run(["psql", "-qAt", "-d", "postgres", "-c", "SHOW server_version"], capture_output=True, text=True).stdout.strip()
dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
def ratio(a, b): return med[a] / med[b]
with open(md_path, "w") as f:
    f.write("# Startup and migration speed\n\n")
    f.write(f"Made by `bench/startup.sh {runs}` on {datetime.date.today()}: {os.cpu_count()} cores ({cpu}), {mem} GiB, "
            f"Debian, .NET SDK {dotnet}, PostgreSQL {pg} on 127.0.0.1 (local throwaway cluster, fsync off). "
            f"{runs} runs each after one warm-up (hyperfine, or a curl poll loop for 1); seconds.\n\n")
    f.write("| measurement | median | min | max |\n|---|---|---|---|\n")
    for name, t in rows:
        f.write(f"| {name} | {statistics.median(t):.3f} | {min(t):.3f} | {max(t):.3f} |\n")
    f.write("\nTargets:\n\n")
    f.write(f"- start to ready with migration on / off: {ratio('1. start to ready, migration on', '1. start to ready, migration off'):.2f}x (target at most 1.15x)\n")
    f.write(f"- start to ready with telemetry exported / off: {ratio('1. start to ready, migration on, telemetry exported (OTLP)', '1. start to ready, migration on'):.2f}x (target at most 1.1x)\n")
    f.write(f"- `db upgrade` at head / .NET floor: {ratio('3. no-op at head: VidaPlus.Api db upgrade', '5. .NET floor: one Npgsql connection reads the history'):.2f}x (target at most 1.3x; both ReadyToRun); "
            f"/ psql: {ratio('3. no-op at head: VidaPlus.Api db upgrade', '3. no-op at head: psql -f idempotent script'):.1f}x\n")
    f.write(f"- `db upgrade` at head / .NET floor, both JIT: {ratio('3. no-op at head, JIT: VidaPlus.Api db upgrade', '5. .NET floor, JIT'):.2f}x (target at most 1.3x)\n")
    f.write(f"- `db upgrade` at head / .NET floor, {many} migrations, both ReadyToRun: {ratio(f'6. {many} migrations, no-op at head: VidaPlus.Api db upgrade', f'6. {many} migrations: .NET floor'):.2f}x (target at most 1.3x)\n")
    f.write(f"- the first start of a build at head, which checks every checksum and remembers the result: "
            f"{ratio('3. no-op at head, first start of this build (full check)', '5. .NET floor: one Npgsql connection reads the history'):.2f}x the floor with {many - extra} migrations, "
            f"{ratio(f'6. {many} migrations, first start of this build (full check)', f'6. {many} migrations: .NET floor'):.2f}x with {many}\n")
    f.write(f"- `db upgrade` from empty / EF bundle: {ratio('2. empty to head: VidaPlus.Api db upgrade', '2. empty to head: EF bundle'):.2f}x (target at most 1x)\n")
    f.write("\n![chart](benchmarks.svg)\n")
width, bar_h, left = 900, 22, 430
scale = (width - left - 60) / max(med.values())
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{len(rows) * (bar_h + 6) + 40}" font-family="sans-serif" font-size="12">',
       f'<text x="10" y="20" font-size="14">Median seconds ({runs} runs), bench/startup.sh</text>']
for i, (name, _) in enumerate(rows):
    y = 34 + i * (bar_h + 6)
    w = max(1, med[name] * scale)
    svg.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{name}</text>')
    svg.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#3b7dd8"/>')
    svg.append(f'<text x="{left + w + 6:.1f}" y="{y + 15}">{med[name]:.3f}</text>')
svg.append("</svg>")
open(svg_path, "w").write("\n".join(svg) + "\n")
PY
cat "$(result_file benchmarks.md)"
