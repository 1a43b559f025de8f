using System.Globalization;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL that takes TLS connections only (scripts/tls-postgres.sh), started on a port of its own the first time
/// a test asks, with certificates made by openssl then, and stopped and removed at the end of the run.
/// </summary>
internal static class TestTlsServer
{
    public const string User = "vidaplus", Password = "vidaplus-local", CertificateUser = "vidaplus_cert";

    private static readonly Lazy<(int Port, string Certificates)> Server = new(Start);

    public static int Port => Server.Value.Port;

    /// <summary>A file of the server's certificate folder: ca.crt, other-ca.crt, client.crt, client.key.</summary>
    public static string File(string name) => Path.Combine(Server.Value.Certificates, name);

    private static (int, string) Start() => TestScripts.OnFreePorts(1, ports =>
    {
        var environment = new Dictionary<string, string> { ["VIDAPLUS_TLS_PG_PORT"] = ports[0].ToString(CultureInfo.InvariantCulture) };
        // Registered first: a start that fails half-way leaves its folder for the stop to remove.
        TestServer.OnExit(() => TestScripts.Run("tls-postgres.sh", "stop", environment));
        var started = TestScripts.Run("tls-postgres.sh", "start", environment).Split(' ', 2);
        return (int.Parse(started[0], CultureInfo.InvariantCulture), started[1]);
    });
}
