#!/usr/bin/env bash
# A migration of many steps on big tables, stopped by real faults, then run again beside a writer: does every rerun
# finish, and does every invariant hold? The migration is made as a developer makes one: the model changed in a copy
# of the project and `dotnet ef migrations add` (a table quartos; leitos.quarto_id with its foreign key and index; a
# unique index on estoques.nome; leitos.numero_leito renamed; a label appended to statusleito; estoques.data_validade
# filled by a Backfill and made required).
# Each trial starts from a copy of the same database and applies it through `db upgrade` or `dotnet ef database
# update`, and stops it with a fault: at a step boundary (the step run, its record held by another transaction) or at
# a random moment while it runs; the fault is SIGKILL of the migrating process, its backend terminated, the server
# stopped with -m immediate, a failover (a streaming standby's primary stopped with -m immediate and the standby
# promoted: the rerun goes to the standby, which may lack the last commits), a statement timeout, or a table lock held
# for a while (lock timeouts, retried). The rerun runs beside a pgbench writer that updates beds and, once the unique
# index is valid, inserts duplicate names.
#   bench/faults.sh [ROWS] [RANDOM_TRIALS_PER_PATH]   (default 100000 rows in each table, 20;
#                                                      BENCH_SMOKE=1: 2000 rows, one boundary and two random trials per path)
# Uses the local PostgreSQL of scripts/local-postgres.sh, and scripts/replica-postgres.sh for the failovers (ports
# VIDAPLUS_PRIMARY_PORT/VIDAPLUS_STANDBY_PORT, default 54459/54469 here); writes docs/faults-bench.md.
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [ "$smoke" = 1 ]; then rows=2000 random_trials=2; else rows=${1:-100000} random_trials=${2:-20}; fi

start_postgres
datadir=$("$bindir/psql" -qAt -d postgres -c "SHOW data_directory")
copy=$work/copy
echo "A copy of the project, the change made in its model and generated with dotnet ef migrations add..."
mkdir -p "$copy"
git ls-files -z | xargs -0 cp --parents -t "$copy"
sed -i 's|<TreatWarningsAsErrors>true|<TreatWarningsAsErrors>false|' "$copy/Directory.Build.props"
cat > "$copy/VidaPlus.Data/Entities/Quarto.cs" <<'CS'
namespace VidaPlus.Data.Entities;

public class Quarto
{
    public int Id { get; set; }

    public required string Numero { get; set; }
}
CS
add_line() { sed -i "s|$2|$2\n$3|" "$copy/$1"; } # FILE, a line to find, the line to add after it
add_line VidaPlus.Data/VidaPlusDbContext.cs "    public DbSet<Leito> Leitos => Set<Leito>();" "    public DbSet<Quarto> Quartos => Set<Quarto>();"
add_line VidaPlus.Data/Entities/Leito.cs "    public PacienteUser? Paciente { get; set; }" "    public int? QuartoId { get; set; }\n    public Quarto? Quarto { get; set; }"
add_line VidaPlus.Data/Configurations/LeitoConfiguration.cs '        builder.ToTable("leitos");' \
  '        builder.Property(l => l.NumeroLeito).HasColumnName("numero");'
add_line VidaPlus.Data/Configurations/EstoqueConfiguration.cs '        builder.ToTable("estoques");' \
  '        builder.HasIndex(e => e.Nome).IsUnique();\n        builder.Property(e => e.DataValidade).IsRequired();'
sed -i 's|    EmManutencao,|    EmManutencao,\n    [PgName("EM_LIMPEZA"), JsonStringEnumMemberName("Em Limpeza")]\n    EmLimpeza,|' "$copy/VidaPlus.Data/Enums/StatusLeito.cs"
(cd "$copy" && quiet dotnet tool restore && quiet dotnet build VidaPlus.Api -v q && quiet dotnet ef migrations add AddQuartos --project VidaPlus.Data)
migration_file=$(ls "$copy"/VidaPlus.Data/Migrations/*_AddQuartos.cs)
migration=$(basename "$migration_file" .cs)
# What the developer adds by hand: the NULLs filled before the column is made required, and the rename accepted (VP008:
# nothing older reads numero_leito in this bench).
python3 - "$migration_file" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
up = text.index("protected override void Up(MigrationBuilder migrationBuilder)")
body = text.index("{", up) + 1
text = text[:body] + '\n            migrationBuilder.Backfill("estoques", "data_validade", "DATE \'2030-01-01\'", where: "data_validade IS NULL", batchSize: 5000);\n' + text[body:]
cls = text.index("public partial class AddQuartos")
text = text[:cls] + '[VidaPlus.Data.Safety.AcceptsRisk("VP008", "the bench\'s readers do not name numero_leito")]\n    ' + text[cls:]
text = text.replace("using Microsoft.EntityFrameworkCore.Migrations;", "using Microsoft.EntityFrameworkCore.Migrations;\nusing VidaPlus.Data.Safety;", 1)
open(path, "w").write(text)
PY
(cd "$copy" && quiet dotnet build VidaPlus.Api -v q)
api=$copy/VidaPlus.Api/bin/Debug/net10.0/VidaPlus.Api.dll

echo "A template database at the revision before $migration, $rows rows in leitos and estoques..."
template=vidaplus_faults_template db=vidaplus_faults
fresh_database "$template"
base_url="${url%/*}"
quiet dotnet "$api" db upgrade 20261126132319_AddRowVersions --database-url "$base_url/$template"
"$bindir/psql" -qAt -d "$template" -c "INSERT INTO leitos (numero_leito, tipo, status)
    SELECT 'L' || g, 'UTI', (ARRAY['OCUPADO','LIVRE','RESERVADO','EM_MANUTENCAO'])[1 + g % 4]::statusleito FROM generate_series(1, $rows) g" \
  -c "INSERT INTO estoques (tipo_item, nome, quantidade, unidade, data_validade)
    SELECT 'INSUMO', 'Item ' || g, g % 100, 'caixa', CASE WHEN g % 10 = 0 THEN NULL ELSE DATE '2027-01-01' END FROM generate_series(1, $rows) g" \
  -c "VACUUM ANALYZE"
"$bindir/pg_dump" -Fc -d "$template" -f "$work/template.dump"
on_exit "'$bindir/psql' -qAt -d postgres -c 'DROP DATABASE IF EXISTS $db WITH (FORCE)'"

cat > "$work/writer.sql" <<SQL
\set id random(1, $rows)
UPDATE leitos SET status = 'LIVRE' WHERE id = :id;
DO \$\$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('ix_estoques_nome') AND indisvalid) THEN
    INSERT INTO estoques (tipo_item, nome, quantidade, unidade, data_validade) VALUES ('INSUMO', 'Item 1', 1, 'caixa', DATE '2027-01-01');
  END IF;
EXCEPTION WHEN unique_violation THEN NULL;
END \$\$;
SQL

# Where the trial's database is: the local cluster, or (a failover trial) the replica set's primary, then its standby.
tport=$PGPORT tdb=$db
turl() { echo "postgresql://vidaplus:vidaplus-local@127.0.0.1:$tport/$tdb"; }
sql() { "$bindir/psql" -qAt -p "$tport" -d "$tdb" -c "$1"; }
server_up() { "$bindir/pg_isready" -q -h 127.0.0.1 -p "$tport"; }

# A fresh primary and standby holding a copy of the template, the standby caught up.
export VIDAPLUS_PRIMARY_PORT=${VIDAPLUS_PRIMARY_PORT:-54459} VIDAPLUS_STANDBY_PORT=${VIDAPLUS_STANDBY_PORT:-54469}
replica() { scripts/replica-postgres.sh "$@"; }
on_exit "scripts/replica-postgres.sh stop"
replica_up() {
  replica stop
  replica start > /dev/null
  tport=$VIDAPLUS_PRIMARY_PORT tdb=vidaplus
  "$bindir/pg_restore" -p "$tport" -d vidaplus --no-owner -j 2 "$work/template.dump"
  primary_lsn=$(sql "SELECT pg_current_wal_lsn()")
  wait_until 120 "the standby caught up" caught_up
}
caught_up() { test "$("$bindir/psql" -qAt -p "$VIDAPLUS_STANDBY_PORT" -d vidaplus -c "SELECT pg_last_wal_replay_lsn() >= '$primary_lsn'")" = t; }

# migrate PATH [VAR=VALUE...]: applies the migration in its own session group (a kill reaches every process of it).
migrate() {
  local path=$1
  shift
  if [ "$path" = verb ]; then
    setsid env "$@" dotnet "$api" db upgrade --database-url "$(turl)" > "$work/run.log" 2>&1 &
  else
    setsid env -C "$copy" DATABASE_URL="$(turl)" "$@" dotnet ef database update --no-build --project VidaPlus.Data > "$work/run.log" 2>&1 &
  fi
  runner=$!
}

# A row of another transaction's holds the record of step $1: the migration waits there, the step run, not recorded.
hold_record() {
  # The engine's own definition of the table (it is made with the migration's first step).
  sql "$(sed -n '/CREATE TABLE IF NOT EXISTS {TableName} (/,/PRIMARY KEY/p' VidaPlus.Data/Engine/StepLog.cs | sed 's/{TableName}/__vidaplus_steps/')" > /dev/null
  # Idle in its transaction, not in a statement: a statement's snapshot would hold back every concurrent index build.
  PGAPPNAME=faults-holder setsid bash -c "{ echo \"BEGIN; INSERT INTO __vidaplus_steps VALUES ('$migration', 'up', $1, 0, '', '', now());\"; sleep 3600; } |
    '$bindir/psql' -qAt -p '$tport' -d '$tdb'" > /dev/null 2>&1 &
  holder=$!
  on_exit "kill -- -$holder"
  wait_until 10 "the record's holder" holding
}
holding() { test "$(sql "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'faults-holder' AND state = 'idle in transaction'")" = 1; }
release() {
  sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name IN ('faults-holder', 'faults-locker')" > /dev/null || true
  kill -- "-$holder" 2> /dev/null || true
  wait "$holder" 2> /dev/null || true
}
waiting_at_record() { test "$(sql "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO __vidaplus_steps%'")" -ge 1; }

# fault KIND: stops the run now.
fault() {
  case $1 in
    kill) kill -9 -- "-$runner" 2> /dev/null || kill -9 "$runner" 2> /dev/null || true ;;
    terminate) sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$tdb' AND pid <> pg_backend_pid()
                   AND application_name NOT IN ('faults-holder', 'faults-locker')" > /dev/null ;;
    stop) runuser -u postgres -- "$bindir/pg_ctl" -D "$datadir" stop -m immediate > /dev/null 2>&1
          scripts/local-postgres.sh start > /dev/null ;;
    failover) replica kill-primary
              replica promote
              tport=$VIDAPLUS_STANDBY_PORT ;;
  esac
}

results=$work/rows.md
: > "$results"
trials=0 failed_reruns=0 broken=0
# trial PATH KIND WHERE: WHERE is a step number (boundary) or "random".
trial() {
  local path=$1 kind=$2 where=$3 first rerun check invariants at env=()
  trials=$((trials + 1))
  if [ "$kind" = failover ]; then
    replica_up
  else
    tport=$PGPORT tdb=$db
    "$bindir/psql" -qAt -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db TEMPLATE $template"
  fi
  [ "$kind" = statement-timeout ] && env=(MIGRATION_STATEMENT_TIMEOUT=$((10 + RANDOM % 90))ms)
  if [ "$where" != random ]; then
    hold_record "$where"
    migrate "$path" "${env[@]}"
    wait_until 120 "the migration at step $where" waiting_at_record || true
    fault "$kind"
    release
  else
    migrate "$path" "${env[@]}"
    sleep "$(awk -v r="$RANDOM" -v a="$begins" -v d="$duration" 'BEGIN { printf "%.2f", a + (d - a) * (r % 1000) / 1000 }')"
    case $kind in
      kill | terminate | stop | failover) fault "$kind" ;;
      lock-timeout)
        PGAPPNAME=faults-locker "$bindir/psql" -qAt -p "$tport" -d "$tdb" -c "BEGIN" -c "LOCK TABLE estoques IN ACCESS SHARE MODE" \
          -c "SELECT pg_sleep(1 + random() * 2)" -c "COMMIT" > /dev/null 2>&1 || true ;;
    esac
  fi
  first=0
  wait "$runner" || first=$?
  server_up || wait_until 30 "the server back" server_up
  at=$(sql "SELECT coalesce((SELECT count(*) || ' of ' || max(steps) FROM __vidaplus_steps WHERE steps > 0), 'none')" 2> /dev/null || echo none)
  (cd "$work" && "$bindir/pgbench" -n -c 1 -T 600 -p "$tport" -f writer.sql "$tdb" > /dev/null 2>&1) &
  local writer=$!
  rerun=0
  migrate "$path"
  wait "$runner" || { rerun=$?; failed_reruns=$((failed_reruns + 1)); tail -n 3 "$work/run.log" >&2; }
  kill "$writer" 2> /dev/null; wait "$writer" 2> /dev/null || true
  check=0
  dotnet "$api" db check --database-url "$(turl)" > "$work/check.log" 2>&1 || check=$?
  invariants=$(sql "SELECT concat_ws(', ',
      CASE WHEN (SELECT count(*) FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '$migration') <> 1 THEN 'history row not once' END,
      CASE WHEN EXISTS (SELECT 1 FROM pg_index WHERE NOT indisvalid) THEN 'INVALID index' END,
      CASE WHEN EXISTS (SELECT 1 FROM pg_constraint WHERE NOT convalidated) THEN 'NOT VALID constraint' END,
      CASE WHEN EXISTS (SELECT 1 FROM estoques WHERE data_validade IS NULL) THEN 'NULL left' END,
      CASE WHEN (SELECT count(*) - count(DISTINCT nome) FROM estoques) > 0 THEN 'duplicates' END,
      CASE WHEN (SELECT count(*) FROM estoques) <> $rows OR (SELECT count(*) FROM leitos) <> $rows THEN 'row counts changed' END,
      CASE WHEN EXISTS (SELECT 1 FROM __vidaplus_steps) OR EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE '%vp_invalid') THEN 'leftovers' END)" 2>&1)
  [ -z "$invariants" ] && invariants=held || broken=$((broken + 1))
  [ "$check" = 0 ] && check="0 (clean)" || check="$check: $(head -n 1 "$work/check.log")"
  echo "| $trials | $path | $kind | $where | $at | $first | $rerun | $check | $invariants |" | tee -a "$results"
  [ "$kind" != failover ] || replica stop
}

echo "Measuring the plan's steps, and how long an undisturbed run takes..."
"$bindir/psql" -qAt -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db TEMPLATE $template"
hold_record 2
migrate verb
wait_until 120 "the migration at step 2" waiting_at_record
steps=$(sql "SELECT steps FROM __vidaplus_steps WHERE step = 1")
fault kill
release
wait "$runner" 2> /dev/null || true
"$bindir/psql" -qAt -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db TEMPLATE $template"
started=$(date +%s.%N)
migrate verb
# When its first step has committed (the table quartos exists), and when it ends.
first_step_done() { test "$(sql "SELECT to_regclass('quartos') IS NOT NULL")" = t; }
wait_until 120 "the first step" first_step_done
begins=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
wait "$runner"
duration=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
echo "$migration runs in $steps steps, in $duration s from the process's start, its first step done after $begins s."

kinds=(kill terminate stop failover)
random_kinds=(kill terminate stop failover statement-timeout lock-timeout)
for path in verb ef; do
  if [ "$smoke" = 1 ]; then boundaries=(3); else boundaries=($(seq 1 $((steps - 1)))); fi
  for step in "${boundaries[@]}"; do trial "$path" "${kinds[$((step % 4))]}" "$step"; done
  for ((i = 0; i < random_trials; i++)); do trial "$path" "${random_kinds[$((i % 6))]}" random; done
done

out=$(result_file faults-bench.md)
{
  echo "# Faults: a migration of $steps steps stopped and run again"
  echo
  echo "Made by \`bench/faults.sh $rows $random_trials\` on $(date -u +%Y-%m-%d): $(nproc) cores, PostgreSQL $("$bindir/postgres" --version | awk '{print $3}')"
  echo "(local throwaway cluster). leitos and estoques hold $rows rows each; $migration was generated by \`dotnet ef migrations add\`"
  echo "from a model change (a table quartos; leitos.quarto_id, its foreign key and index; a unique index on estoques.nome;"
  echo "leitos.numero_leito renamed; a label appended to statusleito; estoques.data_validade made required), with a Backfill of its"
  echo "NULLs added by hand."
  echo
  echo "**$trials trials, $failed_reruns reruns failing, $broken with an invariant broken.**"
  echo
  echo "Each trial: a copy of the same database; the migration through \`db upgrade\` (verb) or \`dotnet ef database update\` (ef); a"
  echo "fault at a step boundary (the step run, its record held by another transaction) or at a random moment between $begins s"
  echo "(the first step done) and $duration s (an undisturbed run's end), from the process's start; then the"
  echo "rerun beside a pgbench writer updating beds and inserting duplicate names once the unique index is valid; then \`db check\`"
  echo "and the invariants (the history row once, no INVALID index, every constraint validated, no NULL left, no duplicate name,"
  echo "row counts unchanged, no step record or index aside left). \"done\" is what the records said after the fault. The cluster"
  echo "runs with synchronous_commit=off, so \`stop\` also loses the last commits before it: harsher than a real server's crash."
  echo "A failover trial runs on a primary and its streaming standby (scripts/replica-postgres.sh, fsync and synchronous_commit"
  echo "on, replication asynchronous): the primary stopped with -m immediate, the standby promoted, the rerun and checks on it."
  echo
  echo "| trial | path | fault | at | done | first exit | rerun exit | db check | invariants |"
  echo "|---|---|---|---|---|---|---|---|---|"
  cat "$results"
} > "$out"
echo
echo "$trials trials, $failed_reruns reruns failing, $broken with an invariant broken (see $out)"
[ "$failed_reruns" = 0 ] && [ "$broken" = 0 ]
