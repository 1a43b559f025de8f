using System.Globalization;
using Npgsql;

namespace VidaPlus.Data.Connection;

/// <summary>
/// A parsed DATABASE_URL: the Npgsql connection string it stands for, and a description safe to print.
/// Accepts what the Python app accepted (<c>postgres://</c>, <c>postgresql://</c> and SQLAlchemy's
/// <c>postgresql+driver://</c> URLs, as libpq reads them) and plain Npgsql connection strings.
/// </summary>
public sealed class DatabaseUrl
{
    private const int DefaultPort = 5432;

    // libpq URL parameters and the Npgsql keywords they mean. Others are tried as Npgsql keywords as written.
    private static readonly Dictionary<string, string> LibpqParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["connect_timeout"] = "Timeout",
        ["application_name"] = "Application Name",
        ["target_session_attrs"] = "Target Session Attributes",
        ["options"] = "Options",
        ["channel_binding"] = "Channel Binding",
        ["gssencmode"] = "GSS Encryption Mode",
        ["keepalives_idle"] = "Tcp Keepalive Time",
        ["client_encoding"] = "Client Encoding",
        ["user"] = "Username",
        ["password"] = "Password",
        ["dbname"] = "Database",
        ["host"] = "Host",
        ["port"] = "Port",
    };

    private readonly NpgsqlConnectionStringBuilder _builder;

    private DatabaseUrl(NpgsqlConnectionStringBuilder builder)
    {
        // Named in pg_stat_activity, so that whoever waits for a lock this process holds can tell who holds it.
        builder.ApplicationName ??= DefaultApplicationName;
        // With several hosts, Npgsql remembers which is the primary for 10 s: after a failover it would keep trying the
        // old one that long. One second, unless the URL says otherwise.
        if (builder.Host?.Contains(',', StringComparison.Ordinal) == true
            && !builder.ConnectionString.Contains("Host Recheck Seconds", StringComparison.OrdinalIgnoreCase))
        {
            builder.HostRecheckSeconds = 1;
        }
        _builder = builder;
    }

    /// <summary>"vidaplus HOST:PID" (PostgreSQL keeps 63 bytes of it), unless the URL names an application_name.</summary>
    public static string DefaultApplicationName { get; } = $"vidaplus {Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>The Npgsql connection string. Holds the password: never log it.</summary>
    public string ConnectionString => _builder.ConnectionString;

    public string Host => _builder.Host ?? "";
    public int Port => _builder.Port;
    public string? Database => _builder.Database;
    public string? Username => _builder.Username;

    /// <summary>The password, so callers can check that it appears nowhere; null when there is none.</summary>
    public string? Password => _builder.Password;

    /// <summary>host:port/database, for logs and messages; each host with its port when there are several.</summary>
    public override string ToString() => $"{Hosts}/{Database ?? Username}";

    /// <summary>host:port, or h1:p1,h2:p2 for a multi-host URL (a host without a port of its own has the default).</summary>
    public string Hosts => !Host.Contains(',', StringComparison.Ordinal)
        ? $"{FormatHost(Host)}:{Port}"
        : string.Join(',', Host.Split(',').Select(h => HasPort(h) ? h : $"{h}:{Port}"));

    // "h:5432" or "[::1]:5432" name their port; "h", "[::1]" and a bare IPv6 address do not.
    private static bool HasPort(string host) =>
        host.StartsWith('[') ? host.Contains("]:", StringComparison.Ordinal) : host.Count(c => c == ':') == 1;

    /// <summary>Parses a URL or connection string; <paramref name="variable"/> and <paramref name="origin"/> only shape the error.</summary>
    /// <exception cref="DatabaseUrlException">The value is empty or malformed.</exception>
    public static DatabaseUrl Parse(string value, string variable = "DATABASE_URL", string origin = "the given value")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw DatabaseUrlException.Invalid(variable, origin, "it is empty");
        }
        value = value.Trim();
        try
        {
            var builder = value.Contains("://", StringComparison.Ordinal) ? FromUrl(value) : FromConnectionString(value);
            if (string.IsNullOrEmpty(builder.Host))
            {
                throw new FormatException("no host");
            }
            return new DatabaseUrl(builder);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw DatabaseUrlException.Invalid(variable, origin, e.Message);
        }
    }

    private static NpgsqlConnectionStringBuilder FromConnectionString(string value)
    {
        if (!value.Contains('=', StringComparison.Ordinal))
        {
            throw new FormatException("expected postgresql://user:password@host:port/database or Host=...;Database=...");
        }
        try
        {
            return new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException e)
        {
            // Only the keyword is repeated, never a value: the value might be the password.
            throw new FormatException($"keyword '{e.ParamName}' is unknown or has an invalid value");
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var scheme = url[..schemeEnd].ToLowerInvariant();
        // SQLAlchemy names the driver after a '+': postgresql+psycopg, postgresql+asyncpg...
        var dialect = scheme.Split('+')[0];
        if (dialect is not ("postgres" or "postgresql"))
        {
            throw new FormatException($"scheme '{scheme}' is not postgres:// or postgresql://");
        }

        var rest = url[(schemeEnd + 3)..];
        var builder = new NpgsqlConnectionStringBuilder();
        // The last '@' ends the user part, found before anything else: an unencoded '@', '?', '/' or '#' in a
        // password then still parses, and no part of a password is ever read as a host, port or parameter.
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Decode(colon >= 0 ? userInfo[..colon] : userInfo, "user name");
            if (colon >= 0)
            {
                builder.Password = Decode(userInfo[(colon + 1)..], "password");
            }
        }
        var query = "";
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        if (queryStart >= 0)
        {
            query = rest[(queryStart + 1)..];
            rest = rest[..queryStart];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var hostPart = slash >= 0 ? rest[..slash] : rest;
        var database = slash >= 0 ? Decode(rest[(slash + 1)..], "database name") : "";
        if (database.Length > 0)
        {
            builder.Database = database;
        }
        SetHosts(builder, hostPart);

        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(eq >= 0 ? pair[..eq] : pair, "parameter name");
            var parameterValue = eq >= 0 ? Decode(pair[(eq + 1)..], $"value of parameter '{name}'") : "";
            SetParameter(builder, name, parameterValue);
        }
        return builder;
    }

    // One host or a libpq list (h1:5432,h2:5433); Npgsql takes the list in its Host keyword.
    private static void SetHosts(NpgsqlConnectionStringBuilder builder, string hostPart)
    {
        if (hostPart.Length == 0)
        {
            return;
        }
        var hosts = hostPart.Split(',').Select(ParseHost).ToList();
        if (hosts.Count == 1)
        {
            builder.Host = hosts[0].Host;
            builder.Port = hosts[0].Port ?? DefaultPort;
        }
        else
        {
            builder.Host = string.Join(',', hosts.Select(h => h.Port is { } p ? $"{FormatHost(h.Host)}:{p}" : FormatHost(h.Host)));
            builder.Port = DefaultPort;
        }
    }

    private static string FormatHost(string host) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;

    private static (string Host, int? Port) ParseHost(string hostAndPort)
    {
        string host;
        string? port = null;
        if (hostAndPort.StartsWith('['))
        {
            var close = hostAndPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException("IPv6 host is missing its closing ']'");
            }
            host = hostAndPort[1..close];
            var after = hostAndPort[(close + 1)..];
            if (after.Length > 0)
            {
                port = after.StartsWith(':') ? after[1..] : throw new FormatException("unexpected text after the IPv6 host");
            }
        }
        else
        {
            var colon = hostAndPort.LastIndexOf(':');
            host = colon >= 0 ? hostAndPort[..colon] : hostAndPort;
            port = colon >= 0 ? hostAndPort[(colon + 1)..] : null;
        }
        host = Decode(host, "host");
        if (host.Length == 0)
        {
            throw new FormatException("no host");
        }
        if (port is null || port.Length == 0)
        {
            return (host, null);
        }
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            throw new FormatException(
                $"port '{port}' is not a number from 1 to 65535 (percent-encode @ : / ? # in the user name and password)");
        }
        return (host, number);
    }

    private static void SetParameter(NpgsqlConnectionStringBuilder builder, string name, string value)
    {
        var keyword = LibpqParameters.GetValueOrDefault(name, name);
        // libpq 16's sslrootcert=system: the system's trust store, which is Npgsql's own when it names no file.
        if (keyword == "Root Certificate" && value == "system")
        {
            return;
        }
        if (keyword == "SSL Mode")
        {
            // libpq spells them verify-ca / verify-full; Npgsql's enum is VerifyCA / VerifyFull.
            value = value.Replace("-", "", StringComparison.Ordinal);
        }
        try
        {
            builder[keyword] = value;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            throw new FormatException(
                keyword == "Password" ? "bad password parameter" : $"unknown or invalid parameter '{name}'");
        }
    }

    private static string Decode(string text, string what)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            throw new FormatException($"the {what} is not valid percent-encoding");
        }
    }
}
