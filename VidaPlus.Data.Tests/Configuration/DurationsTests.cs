using VidaPlus.Data.Configuration;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Configuration;

[Trait(Category.Name, Category.NoDatabase)]
public sealed class DurationsTests
{
    [Theory]
    [InlineData("5", 5000)]
    [InlineData("2s", 2000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5 s", 1500)]
    [InlineData("2min", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("250000us", 250)]
    public void PostgresStyleOrBareSeconds(string text, double milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Durations.Parse("X", text));
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("-1", true)]
    [InlineData("2 seconds", true)]
    [InlineData("5m", true)]
    [InlineData("", true)]
    public void Malformed_NamesTheKeyAndTheForms(string text, bool allowZero)
    {
        var error = Assert.Throws<FormatException>(() => Durations.Parse("MIGRATION_LOCK_TIMEOUT", text, allowZero));

        Assert.StartsWith("MIGRATION_LOCK_TIMEOUT must be a duration", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"such as 500ms, 5s or 2min (a bare number is seconds), not '{text}'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_OnlyWhereAllowed()
    {
        Assert.Equal(TimeSpan.Zero, Durations.Parse("DATABASE_WAIT_SECONDS", "0", allowZero: true));
        Assert.Equal(TimeSpan.Zero, Durations.Parse("DATABASE_WAIT_SECONDS", "0ms", allowZero: true));

        var refused = Assert.Throws<FormatException>(() => Durations.Parse("MIGRATION_LOCK_TIMEOUT", "0ms", allowZero: false));
        Assert.Equal("MIGRATION_LOCK_TIMEOUT must be a duration above zero such as 500ms, 5s or 2min (a bare number is seconds), not '0ms'.",
            refused.Message);
    }
}
