namespace VidaPlus.Data.Configuration;

/// <summary>
/// The <c>.env</c> files that may hold settings, the way the Python app read them: the current folder's, then the
/// repository root's (the folder holding <c>VidaPlus.sln</c>, found by walking up, since <c>dotnet ef</c> runs in the
/// project folder). The environment always wins over both.
/// </summary>
public static class EnvFiles
{
    private const string SolutionFile = "VidaPlus.sln";

    /// <summary>Nearest first.</summary>
    public static IReadOnlyList<string> Candidates(string? startDirectory = null)
    {
        var start = Path.GetFullPath(startDirectory ?? Directory.GetCurrentDirectory());
        var files = new List<string> { Path.Combine(start, ".env") };
        for (var dir = new DirectoryInfo(start).Parent; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                files.Add(Path.Combine(dir.FullName, ".env"));
                break;
            }
        }
        return files;
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
