using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Npgsql;

namespace VidaPlus.Data.Connection;

/// <summary>
/// Why a connection to a database failed, in one line that names the database and never the password. A TLS failure
/// says which check failed (Npgsql says "Exception while performing SSL handshake" for all of them): a root
/// certificate file that is not there, a server certificate no CA in sslrootcert signed, a certificate for another
/// host name, or a server that takes TLS connections only.
/// </summary>
public static class ConnectionFailure
{
    /// <summary>Whether <paramref name="error"/> is a failure to connect (rather than an error of a statement).</summary>
    public static bool IsConnectionFailure(Exception error) =>
        error is NpgsqlException and not PostgresException || error is PostgresException { SqlState: PostgresErrorCodes.InvalidAuthorizationSpecification };

    /// <summary>Whether waiting may help: the server down, restarting or failing over ("No suitable host was found."),
    /// not a TLS or sign-in setting that will fail the same way every time.</summary>
    public static bool IsWorthWaiting(Exception error) =>
        error is TimeoutException or PostgresException { SqlState: PostgresErrorCodes.CannotConnectNow }
        || error is NpgsqlException and not PostgresException
            && !Chain(error).Any(e => e is AuthenticationException or FileNotFoundException or DirectoryNotFoundException);

    public static async Task<string> DescribeAsync(DatabaseUrl url, Exception error, CancellationToken cancellationToken)
    {
        var reason = await TlsProblemAsync(url, error, cancellationToken)
            ?? string.Join(": ", Chain(error).Select(e => e.Message.TrimEnd('.')).Distinct());
        return $"Cannot reach the database {url}: {reason}.";
    }

    private static async Task<string?> TlsProblemAsync(DatabaseUrl url, Exception error, CancellationToken cancellationToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(url.ConnectionString);
        if (error is PostgresException { SqlState: PostgresErrorCodes.InvalidAuthorizationSpecification } refused
            && refused.MessageText.EndsWith("no encryption", StringComparison.Ordinal))
        {
            return $"TLS: the server accepts TLS connections only, and this one asked for none (sslmode={SslMode(settings.SslMode)}); " +
                "use sslmode=verify-full with sslrootcert (or sslmode=require)";
        }
        if (Chain(error).OfType<IOException>().Any(e => e is FileNotFoundException or DirectoryNotFoundException))
        {
            var missing = new[] { ("sslrootcert", settings.RootCertificate), ("sslcert", settings.SslCertificate), ("sslkey", settings.SslKey) }
                .FirstOrDefault(f => f.Item2 is not null && !File.Exists(f.Item2));
            return missing.Item2 is null ? null : $"TLS: the {missing.Item1} file {missing.Item2} does not exist";
        }
        if (!Chain(error).Any(e => e is AuthenticationException))
        {
            return null;
        }
        using var certificate = await ServerCertificateAsync(settings, cancellationToken);
        if (certificate is null)
        {
            return null;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (settings.RootCertificate is { } root)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.ImportFromPemFile(root);
        }
        if (!chain.Build(certificate))
        {
            return $"TLS: the server's certificate (issued by {certificate.Issuer}) is not signed by a CA in " +
                $"{(settings.RootCertificate is { } file ? $"sslrootcert ({file})" : "the system's trust store (no sslrootcert)")}";
        }
        var host = settings.Host!.Split(',')[0].Split(':')[0];
        if (settings.SslMode == Npgsql.SslMode.VerifyFull && !certificate.MatchesHostname(host))
        {
            var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();
            return $"TLS: the server's certificate is for {(names.Count > 0 ? string.Join(", ", names) : certificate.Subject)}, not the host " +
                $"{host} (sslmode=verify-full checks the name: connect by a name it holds, or use verify-ca)";
        }
        return null;
    }

    // The certificate the server presents, read in a handshake of our own that goes no further.
    private static async Task<X509Certificate2?> ServerCertificateAsync(NpgsqlConnectionStringBuilder settings, CancellationToken cancellationToken)
    {
        // Require, and no root of its own: the callback alone decides (Npgsql refuses both at once).
        var probe = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { SslMode = Npgsql.SslMode.Require, Pooling = false, RootCertificate = null };
        X509Certificate2? presented = null;
        var source = new NpgsqlDataSourceBuilder(probe.ConnectionString);
        source.UseSslClientAuthenticationOptionsCallback(options => options.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            presented = certificate is null ? null : new X509Certificate2(certificate);
            return false;
        });
        await using var dataSource = source.Build();
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (NpgsqlException)
        {
            // Refused by the callback, as meant: the certificate is what was wanted.
        }
        return presented;
    }

    private static string SslMode(Npgsql.SslMode mode) => mode switch
    {
        Npgsql.SslMode.VerifyCA => "verify-ca",
        Npgsql.SslMode.VerifyFull => "verify-full",
        _ => mode.ToString().ToLowerInvariant(),
    };

    /// <summary>The exception and each one inside it, outermost first.</summary>
    public static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
