namespace VidaPlus.Data.Configuration;

/// <summary>
/// The <c>.env</c> files that may hold settings, the way the Python app read them: the current folder's, then the
/// repository root's (the folder holding <c>VidaPlus.sln</c>, found by walking up, since <c>dotnet ef</c> runs in the
/// project folder). The environment always wins over both.
/// </summary>
internal static class EnvFiles
{
    private const string SolutionFile = "VidaPlus.sln";

    /// <summary>Nearest first.</summary>
    public static IReadOnlyList<string> Candidates(string? startDirectory = null)
    {
        var start = Path.GetFullPath(startDirectory ?? Directory.GetCurrentDirectory());
        var files = new List<string> { Path.Combine(start, ".env") };
        if (RepositoryRoot(start) is { } root && root != start)
        {
            files.Add(Path.Combine(root, ".env"));
        }
        return files;
    }

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds <c>VidaPlus.sln</c>, or null.</summary>
    public static string? RepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }
        return null;
    }

    /// <summary>The file's variables (the last one wins), or null when there is no such file. The process
    /// environment is left untouched, so that it keeps winning over the file.</summary>
    public static IReadOnlyDictionary<string, string>? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in DotNetEnv.Env.NoEnvVars().Load(path))
        {
            values[key] = value;
        }
        return values;
    }
}
