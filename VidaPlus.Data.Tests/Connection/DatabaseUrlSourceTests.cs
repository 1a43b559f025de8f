using VidaPlus.Data.Connection;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Connection;

/// <summary>
/// Where DATABASE_URL is found. Each test uses a variable name of its own, so setting it in the process
/// environment cannot disturb tests running in parallel.
/// </summary>
[Trait(Category.Name, Category.NoDatabase)]
public sealed class DatabaseUrlSourceTests : IDisposable
{
    private readonly string _variable = $"VIDAPLUS_TEST_URL_{Guid.NewGuid():N}";
    private readonly string _root = Directory.CreateTempSubdirectory("vidaplus-source-").FullName;
    private readonly string _project;

    public DatabaseUrlSourceTests()
    {
        // A repository root (it holds VidaPlus.sln) with a project folder below it, as under `dotnet ef`.
        File.WriteAllText(Path.Combine(_root, "VidaPlus.sln"), "");
        _project = Directory.CreateDirectory(Path.Combine(_root, "VidaPlus.Data")).FullName;
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void RepositoryRootEnvFile_IsFoundFromTheProjectFolder()
    {
        WriteEnv(_root, "postgresql://root:pw@root-host/vidaplus");

        Assert.Equal("root-host", DatabaseUrlSource.Resolve(_variable, _project).Host);
    }

    [Fact]
    public void CurrentFolderEnvFile_WinsOverTheRepositoryRoot()
    {
        WriteEnv(_root, "postgresql://root:pw@root-host/vidaplus");
        WriteEnv(_project, "postgresql://here:pw@here-host/vidaplus");

        Assert.Equal("here-host", DatabaseUrlSource.Resolve(_variable, _project).Host);
    }

    [Fact]
    public void Environment_WinsOverEveryEnvFile()
    {
        WriteEnv(_root, "postgresql://root:pw@root-host/vidaplus");
        WriteEnv(_project, "postgresql://here:pw@here-host/vidaplus");
        Environment.SetEnvironmentVariable(_variable, "postgresql://env:pw@env-host/vidaplus");

        Assert.Equal("env-host", DatabaseUrlSource.Resolve(_variable, _project).Host);
    }

    [Fact]
    public void EnvFile_OtherVariablesAndCommentsAreIgnored()
    {
        File.WriteAllText(Path.Combine(_root, ".env"),
            $"# VidaPlus\nSECRET_KEY=abc\n{_variable}=\"postgresql://root:pw@quoted-host/vidaplus\"\nMIGRATE_ON_STARTUP=true\n");

        Assert.Equal("quoted-host", DatabaseUrlSource.Resolve(_variable, _project).Host);
    }

    [Fact]
    public void NotSetAnywhere_SaysWhereItLookedAndGivesAnExample()
    {
        File.WriteAllText(Path.Combine(_root, ".env"), "OTHER=1\n");

        var error = Assert.Throws<DatabaseUrlException>(() => DatabaseUrlSource.Resolve(_variable, _project));

        Assert.True(error.NotSet);
        Assert.Equal(
            $"{_variable} is not set (looked in: the environment; {Path.Combine(_project, ".env")} (no such file); " +
            $"{Path.Combine(_root, ".env")} (no {_variable})). " +
            $"Set it in the environment or in .env, e.g. {_variable}={DatabaseUrlException.Example}",
            error.Message);
    }

    [Fact]
    public void MalformedInAnEnvFile_NamesThatFileAndHidesThePassword()
    {
        WriteEnv(_root, "postgresql://vida:TopSecret99@db.example:99999/vidaplus");

        var error = Assert.Throws<DatabaseUrlException>(() => DatabaseUrlSource.Resolve(_variable, _project));

        Assert.False(error.NotSet);
        Assert.StartsWith($"{_variable} from {Path.Combine(_root, ".env")} is not a valid", error.Message, StringComparison.Ordinal);
        Assert.Contains("port '99999'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TopSecret99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyInTheEnvironment_IsAnErrorNotAFallThrough()
    {
        WriteEnv(_root, "postgresql://root:pw@root-host/vidaplus");
        Environment.SetEnvironmentVariable(_variable, " ");

        var error = Assert.Throws<DatabaseUrlException>(() => DatabaseUrlSource.Resolve(_variable, _project));

        Assert.StartsWith($"{_variable} from the environment is not a valid", error.Message, StringComparison.Ordinal);
    }

    private void WriteEnv(string folder, string value) =>
        File.WriteAllText(Path.Combine(folder, ".env"), $"{_variable}={value}\n");
}
