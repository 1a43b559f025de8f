#!/usr/bin/env bash
# How long a serving replica's readiness probe takes while another process holds a migration's transaction open for a
# long time: this build beside the build before it (EF Core's migrator then took Npgsql's LOCK TABLE on the history in
# each migration's transaction, and every probe reads the history), in one run.
#   bench/readiness.sh [SECONDS] [BEFORE]   (default 30 s, the build before: e82c792; BENCH_SMOKE=1: 3 s)
# For each, its API serves a database at its head while `db upgrade` of the same commit with one more migration (SELECT
# pg_sleep(SECONDS), one transaction: a newer build's rollout) runs in another process, and /health/ready is probed every
# 100 ms with a 5 s limit. Uses the local PostgreSQL of scripts/local-postgres.sh and writes docs/readiness-bench.md.
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [ "$smoke" = 1 ]; then seconds=3; else seconds=${1:-30}; fi
before=${2:-e82c792}

start_postgres
base_url="${url%/*}"
rows=$work/rows.md
: > "$rows"

# build NAME COMMIT: that commit's project (the working tree for "now") built as NAME, and with the long migration as
# NAME.next.
build() {
  local copy=$work/$1
  mkdir -p "$copy"
  if [ "$2" = now ]; then git ls-files -z | xargs -0 cp --parents -t "$copy"; else git archive "$2" | tar -x -C "$copy"; fi
  quiet dotnet build "$copy/VidaPlus.Api" -c Release -v q -o "$work/$1.bin"
  cat > "$copy/VidaPlus.Data/Migrations/20261220000000_LongMigration.cs" <<CS
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace VidaPlus.Data.Migrations;

[DbContext(typeof(VidaPlusDbContext))]
[Migration("20261220000000_LongMigration")]
public sealed class LongMigration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("SELECT pg_sleep($seconds)");

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("SELECT 1");
}
CS
  quiet dotnet build "$copy/VidaPlus.Api" -c Release -v q -o "$work/$1.next.bin"
}

long_running() {
  test -n "$("$bindir/psql" -qAt -d "$long_db" -c "SELECT 1 FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query LIKE 'SELECT pg_sleep%'")"
}

measure() { # NAME
  local name=$1 db=vidaplus_readiness_$1
  fresh_database "$db"
  start_api "$work/$name.bin/VidaPlus.Api.dll" "$base_url/$db"
  dotnet "$work/$name.next.bin/VidaPlus.Api.dll" db upgrade --database-url "$base_url/$db" > "$work/$name.upgrade.log" 2>&1 &
  local upgrade=$!
  long_db=$db
  wait_until 30 "the long migration's transaction" long_running
  local deadline=$((SECONDS + seconds - 1)) times=$work/$name.times
  : > "$times"
  while [ "$SECONDS" -lt "$deadline" ]; do
    curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}\n' "$api_url/health/ready" >> "$times" || true # 000 when it timed out
    sleep 0.1
  done
  wait "$upgrade"
  kill "$api_pid"; wait "$api_pid" 2> /dev/null || true
  sort -k2 -n "$times" | awk -v name="$name" '
    { t[NR] = $2 * 1000; code[$1]++ }
    END {
      p50 = t[int(NR * 0.5) > 0 ? int(NR * 0.5) : 1]; p99 = t[int(NR * 0.99) > 0 ? int(NR * 0.99) : 1]
      codes = ""; for (c in code) codes = codes (codes == "" ? "" : ", ") code[c] " x " c
      printf "| %s | %d | %.1f | %.1f | %.1f | %s |\n", name, NR, p50, p99, t[NR], codes
    }' >> "$rows"
}

echo "Building $before and this build, each also with a migration that holds its transaction $seconds s..."
build before "$before"
build now now
measure before
measure now

out=$(result_file readiness-bench.md)
{
  echo "# Readiness while another process migrates"
  echo
  echo "Made by \`bench/readiness.sh $seconds $before\` on $(date -u +%Y-%m-%d): $(nproc) cores, PostgreSQL $("$bindir/postgres" --version | awk '{print $3}')."
  echo "An API serving a database at its head is probed on /health/ready every 100 ms (curl, 5 s limit) while \`db upgrade\` of the"
  echo "same commit with one more migration, in another process, runs it: one transaction lasting $seconds s (\`SELECT pg_sleep($seconds)\`)."
  echo
  echo "| build | probes | p50 (ms) | p99 (ms) | max (ms) | answers |"
  echo "|---|---|---|---|---|---|"
  cat "$rows"
  echo
  echo "before = $before, whose migrator took Npgsql's \`LOCK TABLE \"__EFMigrationsHistory\" IN ACCESS EXCLUSIVE MODE\` in each"
  echo "migration's transaction; now = the engine's advisory lock for the run, and no lock on the history. An answer 000 is a"
  echo "probe that curl gave up on after 5 s."
} > "$out"
cat "$out"
