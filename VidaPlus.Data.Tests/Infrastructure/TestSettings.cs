using Microsoft.Extensions.Configuration;
using VidaPlus.Data.Configuration;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>Settings as the API reads them, from the given keys only (no environment, no .env).</summary>
internal static class TestSettings
{
    public static VidaPlusSettings For(TestDatabase database, params (string Key, string Value)[] settings) =>
        With([.. settings, ("DATABASE_URL", database.ConnectionString)]);

    public static VidaPlusSettings With(params (string Key, string Value)[] settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());
}
