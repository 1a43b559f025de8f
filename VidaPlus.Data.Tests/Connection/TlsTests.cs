using System.Net;
using Npgsql;
using VidaPlus.Api.Commands;
using VidaPlus.Data.Connection;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Connection;

/// <summary>
/// A server that takes TLS connections only (<see cref="TestTlsServer"/>): the URL forms Python users write and
/// Npgsql's own connect, verify and carry the verbs and the API; each failed check is one line naming the database,
/// what failed, and never the password.
/// </summary>
public sealed class TlsTests
{
    private static string Ca => TestTlsServer.File("ca.crt");

    private static string Url(string host, string query, string user = $"{TestTlsServer.User}:{TestTlsServer.Password}", string database = "vidaplus") =>
        $"postgresql://{user}@{host}:{TestTlsServer.Port}/{database}?{query}";

    public static TheoryData<string, string> Forms => new()
    {
        { "sslmode=require", "vidaplus" },
        { "sslmode=verify-ca, by address", "vidaplus" },
        { "sslmode=verify-full", "vidaplus" },
        { "Npgsql's form", "vidaplus" },
        { "a client certificate", "vidaplus_cert" },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task EachForm_ConnectsOverTls_AsItsUser(string form, string user)
    {
        var url = form switch
        {
            "sslmode=require" => Url("localhost", "sslmode=require"),
            "sslmode=verify-ca, by address" => Url("127.0.0.1", $"sslmode=verify-ca&sslrootcert={Ca}"),
            "sslmode=verify-full" => Url("localhost", $"sslmode=verify-full&sslrootcert={Ca}"),
            "Npgsql's form" => $"Host=localhost;Port={TestTlsServer.Port};Username={TestTlsServer.User};Password={TestTlsServer.Password};" +
                $"Database=vidaplus;SSL Mode=VerifyFull;Root Certificate={Ca}",
            _ => Url("localhost", $"sslmode=verify-full&sslrootcert={Ca}&sslcert={TestTlsServer.File("client.crt")}&sslkey={TestTlsServer.File("client.key")}",
                user: TestTlsServer.CertificateUser),
        };

        await using var connection = new NpgsqlConnection(DatabaseUrl.Parse(url).ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_user || ' ' || ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", connection);

        Assert.Equal($"{user} true", await command.ExecuteScalarAsync());
    }

    public static TheoryData<string, string> Failures => new()
    {
        { "a CA that signed nothing here", "TLS: the server's certificate (issued by CN=VidaPlus test CA) is not signed by a CA in sslrootcert ({0})" },
        { "a name the certificate lacks", "TLS: the server's certificate is for localhost, not the host 127.0.0.1 (sslmode=verify-full checks the name: " +
            "connect by a name it holds, or use verify-ca)" },
        { "a root certificate file that is not there", "TLS: the sslrootcert file {0} does not exist" },
        { "no TLS", "TLS: the server accepts TLS connections only, and this one asked for none (sslmode=disable); use sslmode=verify-full with " +
            "sslrootcert (or sslmode=require)" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task EachFailedCheck_IsOneLineNamingTheDatabaseAndTheCheck_WithoutThePassword(string failure, string expected)
    {
        var (host, root, query) = failure switch
        {
            "a CA that signed nothing here" => ("localhost", TestTlsServer.File("other-ca.crt"), "sslmode=verify-full&sslrootcert={0}"),
            "a name the certificate lacks" => ("127.0.0.1", Ca, "sslmode=verify-full&sslrootcert={0}"),
            "a root certificate file that is not there" => ("localhost", Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.crt"),
                "sslmode=verify-full&sslrootcert={0}"),
            _ => ("localhost", "", "sslmode=disable"),
        };
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await DbCommand.RunAsync(["db", "current", "--database-url", Url(host, string.Format(query, root))], output, error);

        Assert.Equal(1, exit);
        Assert.Equal($"error: Cannot reach the database {host}:{TestTlsServer.Port}/vidaplus: {string.Format(expected, root)}.\n", error.ToString());
        Assert.DoesNotContain(TestTlsServer.Password, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStartingApi_WhoseCheckFails_SaysWhichAtOnce_InsteadOfWaitingForTheDatabase()
    {
        var url = Url("localhost", $"sslmode=verify-full&sslrootcert={TestTlsServer.File("other-ca.crt")}");

        var exit = await ApiProcess.RunUntilExitAsync(TimeSpan.FromSeconds(60), ("DATABASE_URL", url), ("DATABASE_WAIT_SECONDS", "30"));

        Assert.Equal(1, exit.Code);
        Assert.InRange(exit.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(25));
        Assert.Single(exit.Output.Split('\n'), l => l.Contains($"Cannot start: Cannot reach the database localhost:{TestTlsServer.Port}/vidaplus: " +
            "TLS: the server's certificate (issued by CN=VidaPlus test CA) is not signed by a CA in sslrootcert", StringComparison.Ordinal));
        Assert.DoesNotContain(TestTlsServer.Password, exit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheVerbsAndTheApi_MigrateAndServeOverVerifiedTls()
    {
        var name = $"vidaplus_tls_{Guid.NewGuid():N}";
        var admin = DatabaseUrl.Parse(Url("localhost", $"sslmode=verify-full&sslrootcert={Ca}")).ConnectionString;
        await ExecuteAsync(admin, $"CREATE DATABASE {name}");
        try
        {
            var url = Url("localhost", $"sslmode=verify-full&sslrootcert={Ca}", database: name);
            using var output = new StringWriter();
            using var error = new StringWriter();

            Assert.Equal(0, await DbCommand.RunAsync(["db", "upgrade", "--database-url", url], output, error));
            Assert.Equal(0, await DbCommand.RunAsync(["db", "check", "--database-url", url], output, error));
            Assert.Equal("", error.ToString());

            await using var api = new ApiHost(url);
            using var client = await api.ClientAsync();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            Assert.Equal("""{"leitos":[]}""", await client.GetStringAsync("/leitos/"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
