#!/usr/bin/env bash
# Adopting a big, busy Alembic database: `db adopt` against the naive alternative (the same statements in one
# transaction, indexes built plainly), each while a writer keeps inserting and updating beds and appointments.
#   bench/adopt.sh [ROWS]     (default 1000000 rows each in leitos and consultas; BENCH_SMOKE=1: 10000 rows, 6 s)
# Uses the local PostgreSQL of scripts/local-postgres.sh and writes docs/adoption-bench.md.
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
. bench/writer-stalls.sh
# seconds: the writer's run per variant (the adoption must end well before); adopt_at: when the adoption starts
if [ "$smoke" = 1 ]; then rows=10000 seconds=6 adopt_at=1; else rows=${1:-1000000} seconds=60 adopt_at=4; fi

start_postgres
template=vidaplus_adopt_template
db=vidaplus_adopt_bench
fresh_database "$template"
fresh_database "$db"

echo "Building..."
quiet dotnet build VidaPlus.Api -c Release -v q -o "$work/api"
adopt() { dotnet "$work/api/VidaPlus.Api.dll" db adopt --database-url "${url%/*}/$db" "$@"; }

echo "An Alembic database at 36a57979bb23 with $rows leitos and $rows consultas..."
"$bindir/psql" -qAt -d "$template" -v ON_ERROR_STOP=1 -f VidaPlus.Data.Tests/Adoption/Dumps/alembic-36a57979bb23.sql > /dev/null
"$bindir/psql" -qAt -d "$template" -v ON_ERROR_STOP=1 <<SQL
SET TimeZone = 'America/Sao_Paulo';
INSERT INTO users (nome, email, senha, tipo, is_active, is_superuser)
  SELECT 'Paciente ' || g, 'p' || g || '@bench.test', 'x', 'PACIENTE', true, false FROM generate_series(1, 2000) g;
INSERT INTO users (nome, email, senha, tipo, is_active, is_superuser)
  SELECT 'Profissional ' || g, 'prof' || g || '@bench.test', 'x', 'PROFISSIONAL', true, false FROM generate_series(1, 50) g;
INSERT INTO paciente_users (id, cpf, data_nascimento, endereco, numero, bairro, cidade, estado, cep)
  SELECT id, 'cpf' || id, '1980-01-01', 'Rua', 1, 'Centro', 'São Paulo', 'SP', '01000-000' FROM users WHERE tipo = 'PACIENTE';
INSERT INTO profissional_users (id, "crmCoren", especialidade, horario_atendimento)
  SELECT id, 'CRM' || id, 'CLINICA_GERAL', 'MANHA' FROM users WHERE tipo = 'PROFISSIONAL';
INSERT INTO prontuarios (paciente_id) SELECT id FROM paciente_users ORDER BY id;
INSERT INTO consultas (data, hora, paciente_id, profissional_id, prontuario_id, status, "tipoConsulta")
  SELECT date '2024-01-01' + g % 365, time '08:00' + (g % 600) * interval '1 minute', 1 + g % 2000, 2001 + g % 50, 1 + g % 2000,
         'AGENDADA', 'PRESENCIAL'
  FROM generate_series(1, $rows) g;
INSERT INTO leitos (numero_leito, paciente_id, tipo, status)
  SELECT 'L' || g, CASE WHEN g % 3 = 0 THEN 1 + g % 2000 END, 'UTI', 'LIVRE' FROM generate_series(1, $rows) g;
VACUUM ANALYZE;
SQL

cat > "$work/writer.sql" <<SQL
\set id random(1, $rows)
\set p random(1, 2000)
UPDATE leitos SET status = 'OCUPADO' WHERE id = :id;
INSERT INTO consultas (data, hora, paciente_id, profissional_id, prontuario_id, status, "tipoConsulta")
  VALUES (current_date, '10:00', :p, 2001, :p, 'AGENDADA', 'TELECONSULTA');
UPDATE consultas SET observacao = 'w' WHERE id = :id;
SQL

measure() { # name, command that adopts the database
  local name=$1; shift
  "$bindir/psql" -qAt -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE $template"
  "$bindir/psql" -qAt -d postgres -c "ALTER DATABASE $db SET TimeZone = 'America/Sao_Paulo'"
  (cd "$work" && "$bindir/pgbench" -n -c 1 -T "$seconds" -f writer.sql -l --log-prefix="$name" -d "$db" > /dev/null 2>&1) &
  local writer=$!
  on_exit "kill $writer"
  sleep "$adopt_at"
  local start end
  start=$(date +%s.%N)
  "$@" > "$work/$name.out"
  end=$(date +%s.%N)
  wait "$writer"
  writer_row "$name" "$start" "$end" "$work/$name" "$work/rows.md"
  adopt > /dev/null 2>&1 || true    # finishes whatever the variant left (the naive one leaves nothing)
}

naive() { # the adoption script with plain index builds, all in one transaction
  adopt --script | sed -e 's/ CONCURRENTLY//' -e '/^COMMIT;$/d' > "$work/naive.sql"
  echo "COMMIT;" >> "$work/naive.sql"
  "$bindir/psql" -qAt -d "$db" -v ON_ERROR_STOP=1 -f "$work/naive.sql"
}

echo "Adopting while a writer runs..."
measure "db adopt" adopt
measure "naive: one transaction, plain CREATE INDEX" naive

out=$(result_file adoption-bench.md)
{
  echo "# Adopting a busy Alembic database"
  echo
  echo "Made by \`bench/adopt.sh $rows\` on $(date -u +%Y-%m-%d): $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB,"
  echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') (local throwaway cluster, fsync off). An Alembic database at"
  echo "36a57979bb23 with $rows rows each in leitos and consultas (2,000 patients); one pgbench client updates a random bed,"
  echo "inserts an appointment and updates a random one, in a loop for $seconds s; the adoption starts ${adopt_at} s in."
  echo
  echo "| adoption | total (s) | writer transactions | p50 (ms) | p99 (ms) | longest stall (ms) |"
  echo "|---|---|---|---|---|---|"
  cat "$work/rows.md"
  echo
  echo "\`db adopt\`: the structural part (renames, identity columns, users.created_at, delete rules, history) in one short"
  echo "transaction, then 10 foreign-key indexes and users' email index built CONCURRENTLY, the re-added foreign keys"
  echo "validated, and the old unique constraint dropped. The naive alternative runs the same statements in one"
  echo "transaction with plain CREATE INDEX, as a hand-written migration would."
} > "$out"
cat "$out"
