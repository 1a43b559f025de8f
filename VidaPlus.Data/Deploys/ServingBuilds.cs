using System.Security.Cryptography;
using System.Text;
using Npgsql;
using VidaPlus.Data.Engine;

namespace VidaPlus.Data.Deploys;

/// <summary>CONTRACT_WINDOW: how recently a serving process must have said it serves for its build to hold back a
/// contract (default 3 min). Each process says so every sixth of it.</summary>
public sealed record ContractOptions(TimeSpan Window)
{
    public const string WindowKey = "CONTRACT_WINDOW";

    public static ContractOptions Default { get; } = new(TimeSpan.FromMinutes(3));

    public TimeSpan Heartbeat => Window / 6;
}

/// <summary>A serving process, as it last said so: its build (the migrations it knows, by digest), that build's newest
/// migration, and when the server last heard from it.</summary>
public sealed record ServingBuild(string Instance, string Build, string Head, IReadOnlyList<string> Known, DateTimeOffset SeenAt);

/// <summary>This process's build: the migrations it knows, named by a digest of their ids (two binaries with the same
/// migrations serve the same schema alike), and the instance name it records itself under.</summary>
internal sealed record BuildIdentity(string Instance, string Build, string Head, IReadOnlyList<string> Known)
{
    public static BuildIdentity Of(CompiledMigrations compiled)
    {
        IReadOnlyList<string> known = [.. compiled.All.Select(m => m.Id)];
        var build = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", known))))[..12];
        return new($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}", build, compiled.Head, known);
    }
}

/// <summary>
/// Which builds serve a database: each serving process records itself in <see cref="EngineTables.Builds"/> (through the
/// serving role, which may write that one engine table) and says so again every <see cref="ContractOptions.Heartbeat"/>;
/// it removes itself when it stops. A process that died stops counting once <see cref="ContractOptions.Window"/> has
/// passed without a word from it. Times are the server's, so the hosts' clocks do not matter.
/// </summary>
internal static class ServingBuilds
{
    public static string CreateTable => $"""
        CREATE TABLE IF NOT EXISTS {EngineTables.Builds} (
            instance text PRIMARY KEY,
            build text NOT NULL,
            head text NOT NULL,
            known text[] NOT NULL,
            started_at timestamptz NOT NULL DEFAULT now(),
            seen_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    public static async Task EnsureTableAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(connection, cancellationToken))
        {
            await using var command = new NpgsqlCommand(CreateTable, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand($"SELECT to_regclass('{EngineTables.Builds}') IS NOT NULL", connection);
        return await exists.ExecuteScalarAsync(cancellationToken) is true;
    }

    public static async Task SayServingAsync(NpgsqlConnection connection, BuildIdentity build, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {EngineTables.Builds} (instance, build, head, known) VALUES (@instance, @build, @head, @known)
            ON CONFLICT (instance) DO UPDATE SET seen_at = now()
            """, connection);
        command.Parameters.AddWithValue("instance", build.Instance);
        command.Parameters.AddWithValue("build", build.Build);
        command.Parameters.AddWithValue("head", build.Head);
        command.Parameters.AddWithValue("known", build.Known.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task LeaveAsync(NpgsqlConnection connection, BuildIdentity build, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"DELETE FROM {EngineTables.Builds} WHERE instance = @instance", connection);
        command.Parameters.AddWithValue("instance", build.Instance);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The processes heard from within <paramref name="window"/>, latest first; none when no process ever recorded
    /// itself (no table).</summary>
    public static async Task<IReadOnlyList<ServingBuild>> LiveAsync(NpgsqlConnection connection, TimeSpan window, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(connection, cancellationToken))
        {
            return [];
        }
        await using var command = new NpgsqlCommand(
            $"SELECT instance, build, head, known, seen_at FROM {EngineTables.Builds} WHERE seen_at > now() - @window ORDER BY seen_at DESC", connection);
        command.Parameters.AddWithValue("window", window);
        var live = new List<ServingBuild>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            live.Add(new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return live;
    }
}
