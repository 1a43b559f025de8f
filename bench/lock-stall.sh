#!/usr/bin/env bash
# How long a busy writer stalls while a migration builds an index on a big table: plain CREATE INDEX (what EF Core
# generates by default, lint rule VP001) against CREATE INDEX CONCURRENTLY (.IsCreatedConcurrently()).
#   bench/lock-stall.sh [ROWS]     (default 1000000; BENCH_SMOKE=1: 10000 rows, 3 s per variant)
# Uses the local PostgreSQL of scripts/local-postgres.sh and writes docs/lock-stall.md.
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
. bench/writer-stalls.sh
if [ "$smoke" = 1 ]; then rows=10000 seconds=3 migrate_at=1; else rows=${1:-1000000} seconds=12 migrate_at=4; fi
# seconds: the writer's run per variant; migrate_at: seconds into it when the migration starts

start_postgres
export PGDATABASE=vidaplus_bench
fresh_database vidaplus_bench
quiet dotnet run --project VidaPlus.Api -v q -- db upgrade --database-url "${url%/*}/vidaplus_bench"
echo "Filling leitos with $rows rows..."
"$bindir/psql" -qAt -c "INSERT INTO leitos (numero_leito, paciente_id, tipo, status)
  SELECT 'L' || g, NULL, 'UTI', (ARRAY['OCUPADO','LIVRE','RESERVADO','EM_MANUTENCAO'])[1 + g % 4]::statusleito
  FROM generate_series(1, $rows) g" -c "VACUUM ANALYZE leitos"

cat > "$work/writer.sql" <<SQL
\set id random(1, $rows)
UPDATE leitos SET status = 'LIVRE' WHERE id = :id;
INSERT INTO leitos (numero_leito, tipo, status) VALUES ('W', 'UTI', 'OCUPADO');
SQL

measure() { # name, SQL of the migration
  local name=$1 sql=$2
  "$bindir/psql" -qAt -c "DROP INDEX IF EXISTS ix_leitos_status_bench"
  (cd "$work" && "$bindir/pgbench" -n -c 1 -T "$seconds" -f writer.sql -l --log-prefix="$name" > /dev/null 2>&1) &
  local writer=$!
  on_exit "kill $writer"
  sleep "$migrate_at"
  local start end
  start=$(date +%s.%N)
  "$bindir/psql" -qAt -c "$sql"
  end=$(date +%s.%N)
  wait "$writer"
  writer_row "$name" "$start" "$end" "$work/$name" "$work/rows.md"
}

measure plain "CREATE INDEX ix_leitos_status_bench ON leitos (status)"
measure concurrent "CREATE INDEX CONCURRENTLY ix_leitos_status_bench ON leitos (status)"

out=$(result_file lock-stall.md)
{
  echo "# Writer stalls while an index is built on leitos"
  echo
  echo "Made by \`bench/lock-stall.sh $rows\` on $(date -u +%Y-%m-%d): $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB,"
  echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') (local throwaway cluster, fsync off). leitos holds $rows rows; one pgbench"
  echo "client updates a random bed and inserts one in a loop for $seconds s; the index build starts ${migrate_at} s in."
  echo
  echo "| migration | index build (s) | writer transactions | p50 (ms) | p99 (ms) | longest stall (ms) |"
  echo "|---|---|---|---|---|---|"
  cat "$work/rows.md"
  echo
  echo "plain = \`CREATE INDEX\`, what EF Core generates for a new index (lint rule VP001 flags it on an existing table);"
  echo "concurrent = \`CREATE INDEX CONCURRENTLY\`, what \`.IsCreatedConcurrently()\` generates."
} > "$out"
cat "$out"
