using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using VidaPlus.Data.Configuration;

namespace VidaPlus.Data.Connection;

/// <summary>
/// Finds DATABASE_URL (or another variable of that form) the way the Python app did: the environment first, then
/// a <c>.env</c> file in the current directory, then one in the repository root (<see cref="EnvFiles"/>). This is the
/// one place that precedence lives: the settings of the web host and the verbs read their URLs through it too.
/// </summary>
internal static class DatabaseUrlSource
{
    /// <summary>Finds and parses the variable, from the environment and the <c>.env</c> files of <paramref name="startDirectory"/>.</summary>
    /// <exception cref="DatabaseUrlException">Not set anywhere, empty or malformed.</exception>
    public static DatabaseUrl Resolve(string variable = VidaPlusSettings.DatabaseUrlKey, string? startDirectory = null) =>
        Read(new ConfigurationBuilder().AddEnvironmentVariables().AddEnvFiles(startDirectory).Build(), variable)!;

    /// <summary>Like <see cref="Resolve"/>, but returns the problem instead of throwing it.</summary>
    public static DatabaseUrl? TryResolve(out DatabaseUrlException? problem, string variable = VidaPlusSettings.DatabaseUrlKey, string? startDirectory = null)
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

    /// <summary>The variable as <paramref name="configuration"/> has it, parsed, with the error naming where it came from
    /// (or every place it was looked for); null when absent and not <paramref name="required"/>.</summary>
    internal static DatabaseUrl? Read(IConfiguration configuration, string variable, bool required = true)
    {
        var providers = (configuration as IConfigurationRoot)?.Providers.Reverse().ToList() ?? [];
        if (configuration[variable] is { } value)
        {
            var origin = providers.FirstOrDefault(p => p.TryGet(variable, out _)) switch
            {
                EnvFileConfigurationProvider file => file.Path,
                EnvironmentVariablesConfigurationProvider => "the environment",
                _ => "the command line or appsettings",
            };
            return DatabaseUrl.Parse(value, variable, origin);
        }
        if (!required)
        {
            return null;
        }
        var lookedIn = new List<string> { "the environment" };
        lookedIn.AddRange(providers.OfType<EnvFileConfigurationProvider>()
            .Select(f => f.Exists ? $"{f.Path} (no {variable})" : $"{f.Path} (no such file)"));
        throw DatabaseUrlException.NotFound(variable, lookedIn);
    }
}
