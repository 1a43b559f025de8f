using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VidaPlus.Data.Hosting;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>The real API, hosted in the test process against a test database, with every log line kept.</summary>
internal sealed class ApiHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string> _settings;

    public ApiHost(string connectionString, params (string Key, string Value)[] settings)
    {
        _settings = settings.ToDictionary(s => s.Key, s => s.Value);
        _settings["DATABASE_URL"] = connectionString;
    }

    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>A client, once the startup schema work has ended (the API listens before: requests would get 503).</summary>
    public async Task<HttpClient> ClientAsync()
    {
        var client = CreateClient();
        await Services.GetRequiredService<StartupState>().Completion.WaitAsync(TimeSpan.FromSeconds(60));
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.AddProvider(new CollectingLoggerProvider(Logs)));
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
