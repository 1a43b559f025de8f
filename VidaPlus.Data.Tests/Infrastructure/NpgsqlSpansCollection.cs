namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>
/// The test classes that read Npgsql's spans in this process (a <see cref="StatementLog"/>) or run an OpenTelemetry
/// tracer over them, which takes the SQL text off every span it ends: one at a time, so neither sees the other's.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NpgsqlSpansCollection
{
    public const string Name = "Npgsql spans";
}
