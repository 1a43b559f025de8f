using Microsoft.Extensions.Configuration;

namespace VidaPlus.Data.Configuration;

/// <summary>One <c>.env</c> file as a configuration source.</summary>
internal sealed class EnvFileConfigurationSource(string path) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new EnvFileConfigurationProvider(path);
}

/// <summary>The variables of one <c>.env</c> file; none when the file does not exist.</summary>
internal sealed class EnvFileConfigurationProvider(string path) : ConfigurationProvider
{
    public string Path { get; } = path;

    public bool Exists { get; private set; }

    public override void Load()
    {
        var values = EnvFiles.Read(Path);
        Exists = values is not null;
        Data = values?.ToDictionary(v => v.Key, v => (string?)v.Value, StringComparer.OrdinalIgnoreCase)
            ?? new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
    }

    public override string ToString() => Path;
}

public static class EnvFileConfigurationExtensions
{
    /// <summary>
    /// Adds the <c>.env</c> files of <see cref="EnvFiles.Candidates"/> beneath every source already added, so the
    /// environment, the command line and appsettings all win over them, and the nearer file over the farther.
    /// </summary>
    public static IConfigurationBuilder AddEnvFiles(this IConfigurationBuilder builder, string? startDirectory = null)
    {
        var index = 0;
        foreach (var file in EnvFiles.Candidates(startDirectory).Reverse())
        {
            builder.Sources.Insert(index++, new EnvFileConfigurationSource(file));
        }
        return builder;
    }
}
