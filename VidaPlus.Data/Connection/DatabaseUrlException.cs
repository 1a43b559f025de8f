namespace VidaPlus.Data.Connection;

/// <summary>
/// DATABASE_URL is missing or cannot be used. The message is one line, names the variable, where it was looked
/// for and an example, and never contains the password.
/// </summary>
public sealed class DatabaseUrlException(string message, bool notSet = false) : Exception(message)
{
    /// <summary>True when the variable is set nowhere, false when it is set but unusable.</summary>
    public bool NotSet { get; } = notSet;

    /// <summary>An example value that works with the local database of <c>scripts/local-postgres.sh</c>.</summary>
    public const string Example = "postgresql://vidaplus:PASSWORD@localhost:5432/vidaplus";

    internal static DatabaseUrlException NotFound(string variable, IEnumerable<string> lookedIn) =>
        new($"{variable} is not set (looked in: {string.Join("; ", lookedIn)}). " +
            $"Set it in the environment or in .env, e.g. {variable}={Example}", notSet: true);

    internal static DatabaseUrlException Invalid(string variable, string origin, string problem) =>
        new($"{variable} from {origin} is not a valid PostgreSQL URL or Npgsql connection string: {problem}. " +
            $"Example: {variable}={Example}");
}
