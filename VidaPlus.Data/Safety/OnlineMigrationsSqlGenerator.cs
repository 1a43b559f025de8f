using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.Internal;
using Npgsql.EntityFrameworkCore.PostgreSQL.Migrations;
using VidaPlus.Data.Deploys;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Safety;

/// <summary>
/// Npgsql's SQL, with the online form of the operations a migration marks (<see cref="OnlineOperations"/>). Every
/// path that applies migrations goes through it: the API, `db upgrade`, `dotnet ef database update`, bundles and
/// `db script`. Each statement that runs outside the migration's transaction is written so that running it again
/// after an interruption is safe.
/// </summary>
#pragma warning disable EF1001 // Npgsql's generator and its options are public but marked internal API; they are the ones to extend.
internal sealed class OnlineMigrationsSqlGenerator(MigrationsSqlGeneratorDependencies dependencies, INpgsqlSingletonOptions options)
    : NpgsqlMigrationsSqlGenerator(dependencies, options)
#pragma warning restore EF1001
{
    public override IReadOnlyList<MigrationCommand> Generate(
        IReadOnlyList<MigrationOperation> operations, IModel? model = null, MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default)
    {
        // A backfill is written by hand beside what the differ generated, so its migration is made safe to rerun here.
        if (operations.Any(o => o is BackfillOperation || ExpandContract.IsExpand(o)))
        {
            OnlineOperations.MarkRerunnable(operations);
        }
        OnlineOperations.MarkReplacements(operations);
        return base.Generate(operations, model, options);
    }

    protected override void Generate(MigrationOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        if (operation is not BackfillOperation backfill)
        {
            base.Generate(operation, model, builder);
            return;
        }
        builder.AppendLine(BackfillSql.ProgressTable + ";");
        EndStatement(builder, suppressTransaction: true);
        // One statement for as long as all its batches take: MIGRATION_STATEMENT_TIMEOUT is for the statements that hold
        // locks writers wait on, not for this.
        builder.AppendLine("SET statement_timeout = 0;");
        EndStatement(builder, suppressTransaction: true);
        // Refused here, as its migration's SQL is made and before any of it runs.
        var key = BackfillSql.Key(backfill, model) ?? throw new InvalidOperationException(BackfillSql.NoKey(backfill));
        builder.AppendLine(BackfillSql.Comment(backfill, key)).Append(BackfillSql.Block(backfill, key, DelimitIdentifier)).AppendLine(";");
        EndStatement(builder, suppressTransaction: true);
        builder.Append(EngineSql.RestoreStatementTimeout).AppendLine(";");
        EndStatement(builder, suppressTransaction: true);
    }

    // migrationBuilder.Sql("...") without its terminator would run into the next statement of a script (`db script`).
    protected override void Generate(SqlOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        var sql = operation.Sql.TrimEnd();
        var lastLine = sql[(sql.LastIndexOf('\n') + 1)..];
        builder.AppendLine(sql.EndsWith(';') ? sql : lastLine.Contains("--", StringComparison.Ordinal) ? sql + "\n;" : sql + ";");
        EndStatement(builder, operation.SuppressTransaction);
    }

    protected override void Generate(CreateIndexOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        if (!terminate || operation[OnlineOperations.CreatedConcurrently] is not true)
        {
            base.Generate(operation, model, builder, terminate);
            return;
        }
        if (operation[OnlineOperations.Replaced] is not true)
        {
            WithoutLockTimeout(builder, () => BuildConcurrently(operation, model, builder, $"concurrent build of index {operation.Name}"));
            return;
        }
        var beside = new CreateIndexOperation
        {
            Name = OnlineOperations.ReplacementName(operation.Name),
            Schema = operation.Schema,
            Table = operation.Table,
            Columns = operation.Columns,
            IsUnique = operation.IsUnique,
            IsDescending = operation.IsDescending,
            Filter = operation.Filter,
        };
        beside.AddAnnotations(operation.GetAnnotations());
        WithoutLockTimeout(builder, () =>
            BuildConcurrently(beside, model, builder, $"concurrent build of index {beside.Name} to replace {operation.Name}"));
        // The swap: one transaction, under the lock timeout (DROP INDEX holds the table's lock for an instant). Once it has
        // committed the new index holds the name, so a run of it again finds nothing beside and leaves both alone.
        builder.AppendLine($"""
            DO $$
            BEGIN
                IF to_regclass({SqlText.Literal(DelimitIdentifier(beside.Name, operation.Schema))}) IS NOT NULL THEN
                    DROP INDEX IF EXISTS {DelimitIdentifier(operation.Name, operation.Schema)};
                    ALTER INDEX {DelimitIdentifier(beside.Name, operation.Schema)} RENAME TO {DelimitIdentifier(operation.Name)};
                END IF;
            END $$;
            """);
        EndStatement(builder);
    }

    // Never drops a valid index, so a rerun opens no window without it (or without its uniqueness check): an INVALID
    // one an interrupted or failed build left is renamed aside (still maintained, a unique one still refusing
    // duplicates), the index built beside it, and only then the leftover dropped. A valid one is simply kept.
    private void BuildConcurrently(CreateIndexOperation operation, IModel? model, MigrationCommandListBuilder builder, string step)
    {
        var aside = OnlineOperations.AsideName(operation.Name);
        // One step (StepPlan): a rerun takes it from its first statement.
        builder.Append(Engine.StepPlan.OwnStepPrefix).AppendLine(step);
        DropIndexConcurrently(aside, operation.Schema, builder);
        builder.AppendLine($"""
            DO $$
            BEGIN
                IF EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass({SqlText.Literal(DelimitIdentifier(operation.Name, operation.Schema))}) AND NOT indisvalid) THEN
                    ALTER INDEX {DelimitIdentifier(operation.Name, operation.Schema)} RENAME TO {DelimitIdentifier(aside)};
                END IF;
            END $$;
            """);
        EndStatement(builder, suppressTransaction: true);
        var build = new MigrationCommandListBuilder(Dependencies);
        base.Generate(operation, model, build, terminate: false);
        build.EndCommand();
        // Npgsql writes no IF NOT EXISTS: it goes after its "INDEX CONCURRENTLY ".
        var sql = build.GetCommandList()[0].CommandText;
        var at = sql.IndexOf("INDEX CONCURRENTLY ", StringComparison.Ordinal) is var found and >= 0
            ? found + "INDEX CONCURRENTLY ".Length
            : throw new InvalidOperationException($"Npgsql's concurrent index build is not in the form expected: {sql}");
        builder.Append(sql[..at]).Append("IF NOT EXISTS ").Append(sql[at..].TrimEnd()).AppendLine(";");
        EndStatement(builder, suppressTransaction: true);
        DropIndexConcurrently(aside, operation.Schema, builder);
    }

    protected override void Generate(DropIndexOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        if (terminate && operation[OnlineOperations.Replaced] is true)
        {
            return; // Dropped in its replacement's swap, once that is built.
        }
        if (terminate && OnlineOperations.IsOnline(operation))
        {
            WithoutLockTimeout(builder, () => DropIndexConcurrently(operation.Name, operation.Schema, builder));
            return;
        }
        base.Generate(operation, model, builder, terminate);
    }

    protected override void Generate(AddColumnOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        if (terminate && ExpandContract.IsExpand(operation))
        {
            foreach (var step in ColumnSyncSql.Expand(operation, StoreTypes.DefaultSql(operation, Dependencies.TypeMappingSource), DelimitIdentifier))
            {
                Generate(step, model, builder);
            }
            return;
        }
        // Npgsql's own handling (comments, identity columns, system columns) where it matters; the plain case rerunnable.
        if (!terminate || !OnlineOperations.IsOnline(operation) || operation.Comment is not null || StoreTypes.IsSystemColumn(operation.Name)
            || operation["Npgsql:ValueGenerationStrategy"] is not null)
        {
            base.Generate(operation, model, builder, terminate);
            return;
        }
        builder.Append("ALTER TABLE ").Append(DelimitIdentifier(operation.Table, operation.Schema)).Append(" ADD COLUMN IF NOT EXISTS ");
        ColumnDefinition(operation, model, builder);
        builder.AppendLine(";");
        EndStatement(builder);
    }

    protected override void Generate(DropColumnOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        if (terminate && ExpandContract.IsContract(operation))
        {
            builder.AppendLine(ColumnSyncSql.Contract(operation, DelimitIdentifier));
            EndStatement(builder);
            return;
        }
        if (!terminate || !OnlineOperations.IsOnline(operation))
        {
            base.Generate(operation, model, builder, terminate);
            return;
        }
        builder.Append("ALTER TABLE ").Append(DelimitIdentifier(operation.Table, operation.Schema))
            .Append(" DROP COLUMN IF EXISTS ").Append(DelimitIdentifier(operation.Name)).AppendLine(";");
        EndStatement(builder);
    }

    protected override void Generate(AddForeignKeyOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        if (!terminate || !OnlineOperations.IsOnline(operation))
        {
            base.Generate(operation, model, builder, terminate);
            return;
        }
        var rows = $"{DelimitIdentifier(operation.Table, operation.Schema)} AS {RowsAlias}";
        var orphan = string.Join(" AND ", operation.Columns.Select(c => $"{RowsAlias}.{DelimitIdentifier(c)} IS NOT NULL")) +
            $" AND NOT EXISTS (SELECT 1 FROM {DelimitIdentifier(operation.PrincipalTable, operation.PrincipalSchema)} AS p WHERE " +
            string.Join(" AND ", operation.Columns.Zip(operation.PrincipalColumns!, (c, p) => $"p.{DelimitIdentifier(p)} = {RowsAlias}.{DelimitIdentifier(c)}")) + ")";
        BeginOwnStep(operation.Table, operation.Schema, operation.Name, builder, rows, orphan,
            $"{operation.Table}.{string.Join(", ", operation.Columns)} gets the foreign key {operation.Name} to {operation.PrincipalTable}, but % " +
            "row(s) point to no row there: delete or fix them first (in an earlier migration, or by hand), then run it again.");
        base.Generate(operation, model, builder, terminate: false);
        EndNotValid(operation.Table, operation.Schema, operation.Name, builder);
    }

    // An alternate key: its unique index built concurrently (writers go on), then attached as the constraint, which takes
    // the table's lock for an instant and scans nothing. A rerun finds the index built and the constraint there.
    protected override void Generate(AddUniqueConstraintOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        if (!OnlineOperations.IsOnline(operation))
        {
            base.Generate(operation, model, builder);
            return;
        }
        var index = new CreateIndexOperation
        {
            Name = operation.Name,
            Schema = operation.Schema,
            Table = operation.Table,
            Columns = operation.Columns,
            IsUnique = true,
        };
        index[OnlineOperations.CreatedConcurrently] = true;
        WithoutLockTimeout(builder, () => BuildConcurrently(index, model, builder, $"concurrent build of index {operation.Name}"));
        builder.AppendLine($"""
            DO $$
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass({SqlText.Literal(DelimitIdentifier(operation.Table, operation.Schema))}) AND conname = {SqlText.Literal(operation.Name)}) THEN
                    ALTER TABLE {DelimitIdentifier(operation.Table, operation.Schema)} ADD CONSTRAINT {DelimitIdentifier(operation.Name)} UNIQUE USING INDEX {DelimitIdentifier(operation.Name)};
                END IF;
            END $$;
            """);
        EndStatement(builder);
    }

    protected override void Generate(AddCheckConstraintOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        if (!OnlineOperations.IsOnline(operation))
        {
            base.Generate(operation, model, builder);
            return;
        }
        BeginOwnStep(operation.Table, operation.Schema, operation.Name, builder,
            $"{DelimitIdentifier(operation.Table, operation.Schema)} AS {RowsAlias}", $"({operation.Sql}) IS FALSE",
            $"{operation.Table} gets the CHECK {operation.Name} ({operation.Sql}), but % row(s) break it: fix them first (in an earlier " +
            "migration, a Backfill, or by hand), then run it again.");
        builder.Append("ALTER TABLE ").Append(DelimitIdentifier(operation.Table, operation.Schema)).Append(" ADD ");
        CheckConstraint(operation, model, builder);
        EndNotValid(operation.Table, operation.Schema, operation.Name, builder);
    }

    protected override void Generate(AlterColumnOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        if (!OnlineOperations.IsOnline(operation))
        {
            base.Generate(operation, model, builder);
            return;
        }
        if (OnlineOperations.Fill(operation) is { } fill)
        {
            // The NULLs filled with the model's default, in batches, before the proof that none is left.
            Generate(fill, model, builder);
        }
        var check = OnlineOperations.NotNullCheckName(operation.Table, operation.Name);
        // NULLs stop it here, before the proof exists: a NOT VALID check whose validation failed would be left behind,
        // rejecting every write of a NULL by the code still running. (The scan holds only what any read holds.)
        BeginOwnStep(operation.Table, operation.Schema, check, builder, DelimitIdentifier(operation.Table, operation.Schema),
            $"{DelimitIdentifier(operation.Name)} IS NULL",
            $"{operation.Table}.{operation.Name} is made NOT NULL, but % row(s) hold NULL there: fill them first (migrationBuilder.Backfill, " +
            "before the change or in an earlier migration), or give the column a default in the model.");
        builder.Append("ALTER TABLE ").Append(DelimitIdentifier(operation.Table, operation.Schema))
            .Append(" ADD CONSTRAINT ").Append(DelimitIdentifier(check))
            .Append(" CHECK (").Append(DelimitIdentifier(operation.Name)).Append(" IS NOT NULL)");
        EndNotValid(operation.Table, operation.Schema, check, builder);
        // SET NOT NULL trusts the validated check and does not scan; the check has done its work then. Written here, not by
        // Npgsql: without a model (a migration with no Designer file) it adds a no-op TYPE change, which re-validates the
        // check, a scan of the whole table under ACCESS EXCLUSIVE (seen by the guard's trace).
        builder.Append("ALTER TABLE ").Append(DelimitIdentifier(operation.Table, operation.Schema))
            .Append(" ALTER COLUMN ").Append(DelimitIdentifier(operation.Name)).AppendLine(" SET NOT NULL;");
        EndStatement(builder);
        builder.Append("ALTER TABLE ").Append(DelimitIdentifier(operation.Table, operation.Schema))
            .Append(" DROP CONSTRAINT ").Append(DelimitIdentifier(check)).AppendLine(";");
        EndStatement(builder);
    }

    protected override void GenerateEnumStatements(AlterDatabaseOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        var renames = OnlineOperations.Renames(operation);
        string Renamed(string type, string label) => renames[type].FirstOrDefault(r => r.From == label).To ?? label;
        // The labels before, as they stand once renamed in place.
        var before = MigrationLinter.Enums(operation.OldDatabase.GetAnnotations())
            .ToDictionary(e => e.Key, e => e.Value.Select(l => Renamed(e.Key, l)).ToArray());
        var after = MigrationLinter.Enums(operation.GetAnnotations());
        var removals = after.Where(e => before.TryGetValue(e.Key, out var old) && old.Except(e.Value).Any())
            .ToDictionary(e => e.Key, e => before[e.Key].Except(e.Value).ToList());
        if (renames.Count == 0 && removals.Count == 0)
        {
            base.GenerateEnumStatements(operation, model, builder);
            return;
        }
        foreach (var type in renames)
        {
            foreach (var (from, to) in type)
            {
                builder.Append("ALTER TYPE ").Append(DelimitIdentifier(type.Key)).Append(" RENAME VALUE ")
                    .Append(SqlText.Literal(from)).Append(" TO ").Append(SqlText.Literal(to)).AppendLine(";");
                EndStatement(builder);
            }
        }
        foreach (var (type, removed) in removals)
        {
            foreach (var statement in EnumRecreationSql.Statements(type, removed, after[type], model))
            {
                builder.Append(statement).AppendLine(";");
                EndStatement(builder);
            }
        }
        // Then whatever else changed, from the labels renamed in place, and the recreated types as they now are.
        var rest = new AlterDatabaseOperation();
        rest.AddAnnotations(operation.GetAnnotations().Where(a => a.Name != OnlineOperations.EnumRenames));
        rest.OldDatabase.AddAnnotations(operation.OldDatabase.GetAnnotations().Select(a =>
            a.Name.StartsWith(MigrationLinter.EnumAnnotationPrefix, StringComparison.Ordinal)
                && a.Name[MigrationLinter.EnumAnnotationPrefix.Length..] is var type && before.ContainsKey(type)
                ? new Annotation(a.Name, string.Join(',', removals.ContainsKey(type) ? after[type] : before[type]))
                : a));
        base.GenerateEnumStatements(rest, model, builder);
    }

    private void DropIndexConcurrently(string name, string? schema, MigrationCommandListBuilder builder)
    {
        builder.Append("DROP INDEX CONCURRENTLY IF EXISTS ").Append(DelimitIdentifier(name, schema)).AppendLine(";");
        EndStatement(builder, suppressTransaction: true);
    }

    private const string RowsAlias = "vp_rows";

    // A constraint's proof and NOT VALID add, a step of its own (StepPlan.OwnStepPrefix): the rows that would break it
    // stop the migration before it exists (the scan holds only what any read holds), and a validation that fails later
    // (over rows written since) drops it and forgets this step, which the next run then takes again. One left NOT VALID
    // by an interrupted run is added again.
    private void BeginOwnStep(string table, string? schema, string name, MigrationCommandListBuilder builder, string rows, string condition, string message)
    {
        builder.Append(Engine.StepPlan.OwnStepPrefix).Append("proof and NOT VALID add of ").AppendLine(name)
            .Append(RowGuardSql.Refuse([(rows, condition, message)])).AppendLine(";")
            .Append("ALTER TABLE ").Append(DelimitIdentifier(table, schema))
            .Append(" DROP CONSTRAINT IF EXISTS ").Append(DelimitIdentifier(name)).AppendLine(";");
    }

    // Added NOT VALID in the migration's transaction (no scan, a brief lock); validated after it commits, in a
    // transaction of its own, which scans under a lock that blocks no writer.
    private void EndNotValid(string table, string? schema, string name, MigrationCommandListBuilder builder)
    {
        builder.AppendLine(" NOT VALID;");
        EndStatement(builder);
        WithoutLockTimeout(builder, () =>
        {
            builder.Append("ALTER TABLE ").Append(DelimitIdentifier(table, schema))
                .Append(" VALIDATE CONSTRAINT ").Append(DelimitIdentifier(name)).AppendLine(";");
            EndStatement(builder, suppressTransaction: true);
        });
    }

    // An online step waits for locks that no writer queues behind (CONCURRENTLY and VALIDATE take locks that reads
    // and writes do not conflict with), so it waits as long as it must, rather than failing after the lock timeout
    // meant for the steps that do block writers, which is restored after it.
    private void WithoutLockTimeout(MigrationCommandListBuilder builder, Action write)
    {
        builder.AppendLine("SET lock_timeout = 0;");
        EndStatement(builder, suppressTransaction: true);
        write();
        builder.Append(EngineSql.RestoreLockTimeout).AppendLine(";");
        EndStatement(builder, suppressTransaction: true);
    }

    private string DelimitIdentifier(string name, string? schema = null) => Dependencies.SqlGenerationHelper.DelimitIdentifier(name, schema);
}
