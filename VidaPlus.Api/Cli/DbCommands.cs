using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using VidaPlus.Data;
using VidaPlus.Data.Connection;
using VidaPlus.Data.Migrating;
using VidaPlus.Data.Safety;

namespace VidaPlus.Api.Cli;

/// <summary>
/// <c>VidaPlus.Api db VERB</c>: Alembic's everyday commands for a VidaPlus database. Parses and prints only; the
/// work is <see cref="MigrationService"/>'s. Exit codes: 0 success, 1 the operation failed or check found problems,
/// 2 usage or configuration error.
/// </summary>
public static class DbCommands
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    private static readonly Option<string?> DatabaseUrlOption = new("--database-url")
    {
        Description = "The database, overriding DATABASE_URL (same forms: postgresql://... or an Npgsql connection string).",
        Recursive = true,
    };

    private static readonly Option<bool> VerboseOption = new("--verbose")
    {
        Description = "On error, print the full exception as well as the one-line message.",
        Recursive = true,
    };

    /// <summary>True when the command line asks for a db verb rather than the web server.</summary>
    public static bool Handles(string[] args) => args.Length > 0 && args[0] == "db";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("VidaPlus API. With `db`, runs a database command instead of the web server.");
        root.Subcommands.Add(BuildDbCommand(output, error));
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}");
            }
            await error.WriteLineAsync($"See `{string.Join(' ', args.TakeWhile(a => !a.StartsWith('-')).Take(2))} --help`.");
            return Usage;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    private static Command BuildDbCommand(TextWriter output, TextWriter error)
    {
        var db = new Command("db", "Upgrade, downgrade, inspect, check, script or stamp the VidaPlus database.");
        db.Options.Add(DatabaseUrlOption);
        db.Options.Add(VerboseOption);

        var upgradeTarget = new Argument<string>("TARGET")
        {
            Description = "head (the default), a migration's id or name, or +N for the next N pending migrations.",
            DefaultValueFactory = _ => MigrationService.Head,
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Run the migrations against the real data in one transaction, report, and roll back: nothing changes." };
        var upgrade = new Command("upgrade", "Apply pending migrations up to TARGET, each in its own transaction.") { upgradeTarget, dryRun };
        upgrade.SetAction((parse, ct) => WithDatabase(parse, output, error, shortcut: async url =>
        {
            await output.WriteLineAsync($"Database: {url}");
            // The everyday case, answered by one query before EF Core starts.
            if (parse.GetValue(dryRun) || !parse.GetValue(upgradeTarget)!.Equals(MigrationService.Head, StringComparison.OrdinalIgnoreCase)
                || !await HeadCheck.IsCleanAtHeadAsync(url.ConnectionString, ct))
            {
                return null;
            }
            await output.WriteLineAsync($"Already at {HeadCheck.Head} (head); nothing to do.");
            return Ok;
        }, action: async (service, url) =>
        {
            var target = parse.GetValue(upgradeTarget)!;
            if (parse.GetValue(dryRun))
            {
                var tried = await service.DryRunAsync(target, ct);
                foreach (var step in tried)
                {
                    var time = step.Duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
                    await output.WriteLineAsync(step.Error is null ? $"  Would apply {step.Id} ({time} ms)" : $"  {step.Id} would fail after {time} ms: {step.Error}");
                }
                await output.WriteLineAsync(tried.Count == 0 ? "Nothing pending; nothing to try." : "Dry run rolled back: nothing was changed.");
                return tried.Any(s => s.Error is not null) ? Failed : Ok;
            }
            var run = await service.UpgradeAsync(target, step => PrintStep(output, "Applied", step), ct);
            await PrintRunAsync(output, service, run);
            return Ok;
        }));

        var downgradeTarget = new Argument<string>("TARGET") { Description = "-N to revert N migrations, a migration's id or name, or base." };
        var allowDataLoss = new Option<bool>("--allow-data-loss") { Description = "Drop tables and columns that still hold data (refused otherwise)." };
        var downgrade = new Command("downgrade", "Revert applied migrations down to TARGET, newest first.") { downgradeTarget, allowDataLoss };
        downgrade.SetAction((parse, ct) => WithDatabase(parse, output, error, async (service, url) =>
        {
            await output.WriteLineAsync($"Database: {url}");
            var run = await service.DowngradeAsync(parse.GetValue(downgradeTarget)!, step => PrintStep(output, "Reverted", step),
                parse.GetValue(allowDataLoss), ct);
            await PrintRunAsync(output, service, run);
            return Ok;
        }));

        var json = new Option<bool>("--json") { Description = "Machine-readable output." };

        var current = new Command("current", "The revision the database is at (base when empty).") { json };
        current.SetAction((parse, ct) => WithDatabase(parse, output, error, async (service, url) =>
        {
            var state = await service.ReadStateAsync(ct);
            if (parse.GetValue(json))
            {
                await WriteJsonAsync(output, new { Database = url.ToString(), state.Current, state.Head, AtHead = state.Current == state.Head });
            }
            else
            {
                await output.WriteLineAsync(state.Current == state.Head ? $"{state.Current} (head)" : state.Current);
            }
            return Ok;
        }));

        var history = new Command("history", "Every migration, oldest first, marked applied or pending; the current one marked.") { json };
        history.SetAction((parse, ct) => WithDatabase(parse, output, error, async (service, url) =>
        {
            var state = await service.ReadStateAsync(ct);
            var records = await service.ReadRecordsAsync(ct);
            var rows = state.Known.Select(m => (m.Id, Status: state.IsApplied(m.Id) ? "applied" : "pending"))
                .Concat(state.Unknown.Select(id => (Id: id, Status: "unknown")))
                .OrderBy(r => r.Id, StringComparer.Ordinal)
                .ToList();
            if (parse.GetValue(json))
            {
                await WriteJsonAsync(output, rows.Select(r => new
                {
                    r.Id,
                    r.Status,
                    Current = r.Id == state.Current,
                    Head = r.Id == state.Head,
                    AppliedAt = records.GetValueOrDefault(r.Id)?.AppliedAt,
                    DurationMs = records.GetValueOrDefault(r.Id)?.Duration.TotalMilliseconds,
                }));
                return Ok;
            }
            foreach (var (id, status) in rows)
            {
                var notes = new[] { id == state.Current ? "current" : null, id == state.Head ? "head" : null, status == "unknown" ? "not in this build" : null }
                    .Where(n => n is not null);
                var suffix = (notes.Any() ? $" ({string.Join(", ", notes)})" : "") + (records.GetValueOrDefault(id) is { } record
                    ? $"  applied {record.AppliedAt:yyyy-MM-dd HH:mm:ss}Z in {record.Duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms"
                    : status == "applied" ? "  (no record)" : "");
                await output.WriteLineAsync($"{(id == state.Current ? "*" : " ")} [{status}] {id}{suffix}");
            }
            return Ok;
        }));

        var pending = new Command("pending", "The migrations not yet applied, oldest first.") { json };
        pending.SetAction((parse, ct) => WithDatabase(parse, output, error, async (service, url) =>
        {
            var ids = (await service.ReadStateAsync(ct)).Pending.Select(m => m.Id).ToList();
            if (parse.GetValue(json))
            {
                await WriteJsonAsync(output, ids);
            }
            else
            {
                await output.WriteLineAsync(ids.Count == 0 ? "No pending migrations: the database is at head." : string.Join('\n', ids));
            }
            return Ok;
        }));

        var allowDrift = new Option<FileInfo?>("--allow-drift")
        {
            Description = $"JSON list of {{\"object\", \"reason\"}} for schema objects added on purpose (default: {DriftAllowList.DefaultFile} here, if present).",
        };
        var check = new Command("check", "Exit 1, one line per problem, when the model, the migrations and the database are not in step.") { json, allowDrift };
        check.SetAction((parse, ct) => WithDatabase(parse, output, error, async (service, url) =>
        {
            var problems = await service.CheckAsync(DriftAllowList.Read(parse.GetValue(allowDrift)), ct);
            if (parse.GetValue(json))
            {
                await WriteJsonAsync(output, new { Database = url.ToString(), Ok = problems.Count == 0, Problems = problems });
            }
            else if (problems.Count == 0)
            {
                await output.WriteLineAsync($"OK: {url} is at head and the model matches the migrations.");
            }
            else
            {
                foreach (var problem in problems)
                {
                    await output.WriteLineAsync($"{problem.Code}: {problem.Message}");
                }
            }
            return problems.Count == 0 ? Ok : Failed;
        }));

        var lint = new Command("lint", "Flag migration operations that lock or rewrite a busy table or lose data; needs no database.") { json };
        lint.SetAction((parse, ct) => Guarded(parse, error, async () =>
        {
            await using var context = new VidaPlusDbContext(VidaPlusDbContextOptions.For(connectionString: null));
            var service = new MigrationService(context);
            var findings = service.Lint();
            if (parse.GetValue(json))
            {
                await WriteJsonAsync(output, findings.Select(f => new
                {
                    Rule = f.Rule.Id,
                    f.Rule.Name,
                    f.Migration,
                    f.Operation,
                    f.Rule.Why,
                    f.Rule.Fix,
                    Accepted = f.AcceptedReason,
                    f.IsProblem,
                }));
            }
            else
            {
                foreach (var finding in findings)
                {
                    await output.WriteLineAsync(finding.ToString());
                }
                await output.WriteLineAsync($"{findings.Count(f => f.IsProblem)} problem(s), {findings.Count(f => f.AcceptedReason is not null)} accepted, " +
                    $"{findings.Count(f => f.Rule == LintRule.RawSql)} raw SQL operation(s) not checked, in {service.Catalog.Migrations.Count} migration(s).");
            }
            return findings.Any(f => f.IsProblem) ? Failed : Ok;
        }));

        var scriptFrom = new Argument<string>("FROM") { Description = "base (the default), head, an id or name, or -N (N before head).", DefaultValueFactory = _ => MigrationService.Base };
        var scriptTo = new Argument<string>("TO") { Description = "head (the default), base, an id or name, or +N (N after FROM).", DefaultValueFactory = _ => MigrationService.Head };
        var idempotent = new Option<bool>("--idempotent") { Description = "Guard each migration so the script can run against a database at any revision." };
        var outputFile = new Option<FileInfo?>("--output", "-o") { Description = "Write the SQL to this file instead of standard output." };
        var script = new Command("script", "The SQL from FROM to TO, for a DBA to run; needs no database connection.")
            { scriptFrom, scriptTo, idempotent, outputFile };
        script.SetAction((parse, ct) => Guarded(parse, error, async () =>
        {
            await using var context = new VidaPlusDbContext(VidaPlusDbContextOptions.For(connectionString: null));
            var sql = new MigrationService(context).Script(parse.GetValue(scriptFrom)!, parse.GetValue(scriptTo)!, parse.GetValue(idempotent));
            if (parse.GetValue(outputFile) is { } file)
            {
                await WriteAtomicallyAsync(file, sql, ct);
                await error.WriteLineAsync($"Wrote {file.FullName}");
            }
            else
            {
                await output.WriteAsync(sql);
            }
            return Ok;
        }));

        var stampTarget = new Argument<string>("TARGET") { Description = "head, base, a migration's id or name, +N or -N.", DefaultValueFactory = _ => "" };
        var recordOnly = new Option<bool>("--record-only") { Description = "Leave the history alone; record checksums of applied migrations that have none." };
        var stamp = new Command("stamp", "Record TARGET as the current revision without running any migration.") { stampTarget, recordOnly };
        stamp.SetAction((parse, ct) => WithDatabase(parse, output, error, async (service, url) =>
        {
            var run = await service.StampAsync(parse.GetValue(stampTarget)!, parse.GetValue(recordOnly), ct);
            await output.WriteLineAsync($"Database: {url}");
            await output.WriteLineAsync(parse.GetValue(recordOnly)
                ? $"Recorded the applied migrations that had no record, up to {run.To}; the history is unchanged."
                : $"Stamped {run.To} (was {run.From}); no migration ran.");
            return Ok;
        }));

        foreach (var verb in new[] { upgrade, downgrade, current, history, pending, check, lint, script, stamp })
        {
            db.Subcommands.Add(verb);
        }
        return db;
    }

    // `shortcut` runs first, before EF Core is touched; a non-null answer ends the command there.
    private static Task<int> WithDatabase(
        ParseResult parse, TextWriter output, TextWriter error, Func<MigrationService, DatabaseUrl, Task<int>> action,
        Func<DatabaseUrl, Task<int?>>? shortcut = null) =>
        Guarded(parse, error, async () =>
        {
            var url = parse.GetValue(DatabaseUrlOption) is { } given
                ? DatabaseUrl.Parse(given, "--database-url", "the command line")
                : DatabaseUrlSource.Resolve();
            if (shortcut is not null && await shortcut(url) is { } answered)
            {
                return answered;
            }
            var locks = MigrationOptions.Parse(Environment.GetEnvironmentVariable(MigrationOptions.LockTimeoutVariable));
            await using var context = new VidaPlusDbContext(VidaPlusDbContextOptions.For(url.ConnectionString));
            try
            {
                return await action(new MigrationService(context, locks, new WriterLogger(error)), url);
            }
            catch (NpgsqlException e) when (e is not PostgresException)
            {
                throw new DatabaseUnreachableException($"Cannot reach the database {url}: {e.Message}", e);
            }
        });

    // One readable line per error, the exit code its kind calls for; the full exception only with --verbose.
    private static async Task<int> Guarded(ParseResult parse, TextWriter error, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var code = e is DatabaseUrlException or MigrationTargetException or FormatException ? Usage : Failed;
            await error.WriteLineAsync($"error: {e.Message.ReplaceLineEndings(" ")}");
            if (parse.GetValue(VerboseOption))
            {
                await error.WriteLineAsync(e.ToString());
            }
            return code;
        }
    }

    private static void PrintStep(TextWriter output, string verb, MigrationStep step) =>
        output.WriteLine($"  {verb} {step.Id} in {step.Duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms");

    private static async Task PrintRunAsync(TextWriter output, MigrationService service, MigrationRun run)
    {
        var head = service.Catalog.Migrations.Count > 0 ? service.Catalog.Migrations[^1].Id : MigrationService.Base;
        var at = run.To == head ? $"{run.To} (head)" : run.To;
        await output.WriteLineAsync(run.Steps.Count == 0 ? $"Already at {at}; nothing to do." : $"From {run.From} to {at}.");
    }

    private static Task WriteJsonAsync<T>(TextWriter output, T value) =>
        output.WriteLineAsync(JsonSerializer.Serialize(value, Json));

    // Into a temporary file beside the target, then renamed over it: a failed write leaves no half file.
    private static async Task WriteAtomicallyAsync(FileInfo file, string text, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(file.DirectoryName ?? ".", $".{file.Name}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temporary, text, cancellationToken);
            File.Move(temporary, file.FullName, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private sealed class DatabaseUnreachableException(string message, Exception inner) : Exception(message, inner);

    // Warnings from the migration service (a lock wait being retried), one line each on standard error.
    private sealed class WriterLogger(TextWriter error) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                error.WriteLine($"warning: {formatter(state, exception)}");
            }
        }
    }
}
