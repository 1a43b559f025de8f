namespace VidaPlus.Data.Connection;

/// <summary>
/// Finds DATABASE_URL (or another variable of that form) the way the Python app did: the environment first, then
/// a <c>.env</c> file in the current directory, then one in the repository root (the folder holding
/// <c>VidaPlus.sln</c>, found by walking up, since <c>dotnet ef</c> runs in the project folder).
/// </summary>
public static class DatabaseUrlSource
{
    public const string Variable = "DATABASE_URL";
    private const string SolutionFile = "VidaPlus.sln";

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
        foreach (var envFile in CandidateEnvFiles(startDirectory ?? Directory.GetCurrentDirectory()))
        {
            if (!File.Exists(envFile))
            {
                lookedIn.Add($"{envFile} (no such file)");
                continue;
            }
            var value = ReadEnvFile(envFile, variable);
            if (value is not null)
            {
                return DatabaseUrl.Parse(value, variable, envFile);
            }
            lookedIn.Add($"{envFile} (no {variable})");
        }
        throw DatabaseUrlException.NotFound(variable, lookedIn);
    }

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

    private static IEnumerable<string> CandidateEnvFiles(string startDirectory)
    {
        var start = Path.GetFullPath(startDirectory);
        yield return Path.Combine(start, ".env");
        for (var dir = new DirectoryInfo(start).Parent; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                yield return Path.Combine(dir.FullName, ".env");
                yield break;
            }
        }
    }

    // Parsed without touching the process environment: the environment must keep winning over the file.
    private static string? ReadEnvFile(string path, string variable) =>
        DotNetEnv.Env.NoEnvVars().Load(path)
            .Where(pair => pair.Key == variable)
            .Select(pair => pair.Value)
            .LastOrDefault();
}
