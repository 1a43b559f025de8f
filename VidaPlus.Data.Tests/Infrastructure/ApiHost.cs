using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using VidaPlus.Api.Auth;
using VidaPlus.Data.Connection;
using VidaPlus.Data.Hosting;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>The real API, hosted in the test process against a test database, with every log line kept.</summary>
internal sealed class ApiHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string> _settings;

    private readonly string _connectionString;

    public ApiHost(string connectionString, params (string Key, string Value)[] settings)
    {
        _settings = settings.ToDictionary(s => s.Key, s => s.Value);
        _settings["DATABASE_URL"] = _connectionString = connectionString;
        _settings.TryAdd("SECRET_KEY", TestSecrets.Key);
    }

    public const string AdminEmail = "admin@tests.vidaplus";

    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>Registrations added after the API's own (an in-memory telemetry exporter).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>A client signed in as a superuser, once the startup schema work has ended (the API listens before:
    /// requests would get 503).</summary>
    public async Task<HttpClient> ClientAsync()
    {
        var client = await AnonymousClientAsync();
        await AuthorizeAsync(client);
        return client;
    }

    /// <summary>A client not signed in, once the startup schema work has ended.</summary>
    public async Task<HttpClient> AnonymousClientAsync()
    {
        var client = CreateClient();
        await Services.GetRequiredService<StartupState>().Completion.WaitAsync(TimeSpan.FromSeconds(60));
        return client;
    }

    /// <summary>Signs <paramref name="client"/> in as a superuser made for the tests (created if missing, in
    /// <paramref name="usersDatabase"/> when the API's own database cannot be written: a standby's primary).</summary>
    public async Task AuthorizeAsync(HttpClient client, string? usersDatabase = null)
    {
        await using var connection = new NpgsqlConnection(DatabaseUrl.Parse(usersDatabase ?? _connectionString).ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            INSERT INTO users (nome, email, senha, tipo, is_active, is_superuser)
            VALUES ('Test admin', '{AdminEmail}', 'no password: tests sign in with a token', 'ADMIN', true, true) ON CONFLICT DO NOTHING;
            INSERT INTO admin_users (id) SELECT id FROM users WHERE email = '{AdminEmail}' ON CONFLICT DO NOTHING;
            """, connection);
        await command.ExecuteNonQueryAsync();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Services.GetRequiredService<TokenIssuer>().Issue(AdminEmail));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.AddProvider(new CollectingLoggerProvider(Logs)));
        builder.ConfigureTestServices(services => TestServices?.Invoke(services));
    }

    private sealed class CollectingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");

        public void Dispose()
        {
        }
    }
}
