using VidaPlus.Data.Configuration;

namespace VidaPlus.Data.Connection;

/// <summary>
/// Finds DATABASE_URL (or another variable of that form) the way the Python app did: the environment first, then
/// a <c>.env</c> file in the current directory, then one in the repository root (the folder holding
/// <c>VidaPlus.sln</c>, found by walking up, since <c>dotnet ef</c> runs in the project folder).
/// </summary>
public static class DatabaseUrlSource
{
    public const string Variable = "DATABASE_URL";

    /// <summary>Finds and parses the variable.</summary>
    /// <exception cref="DatabaseUrlException">Not set anywhere, empty or malformed.</exception>
    public static DatabaseUrl Resolve(string variable = Variable, string? startDirectory = null)
    {
        var lookedIn = new List<string> { "the environment" };
        var fromEnvironment = Environment.GetEnvironmentVariable(variable);
        if (fromEnvironment is not null)
        {
            return DatabaseUrl.Parse(fromEnvironment, variable, "the environment");
        }
        foreach (var envFile in EnvFiles.Candidates(startDirectory))
        {
            var values = EnvFiles.Read(envFile);
            if (values?.GetValueOrDefault(variable) is { } value)
            {
                return DatabaseUrl.Parse(value, variable, envFile);
            }
            lookedIn.Add(NotIn(envFile, exists: values is not null, variable));
        }
        throw DatabaseUrlException.NotFound(variable, lookedIn);
    }

    /// <summary>How a <c>.env</c> file that did not have the variable is named in the error.</summary>
    internal static string NotIn(string envFile, bool exists, string variable) =>
        exists ? $"{envFile} (no {variable})" : $"{envFile} (no such file)";

    /// <summary>Like <see cref="Resolve"/>, but returns the problem instead of throwing it.</summary>
    public static DatabaseUrl? TryResolve(out DatabaseUrlException? problem, string variable = Variable, string? startDirectory = null)
    {
        try
        {
            problem = null;
            return Resolve(variable, startDirectory);
        }
        catch (DatabaseUrlException e)
        {
            problem = e;
            return null;
        }
    }
}
