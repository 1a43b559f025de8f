using Npgsql;
using VidaPlus.Data.Connection;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Connection;

[Trait(Category.Name, Category.NoDatabase)]
public sealed class DatabaseUrlTests
{
    private const string Password = "s3cr3t-Pw";

    public static TheoryData<string, string> GoodInputs => new()
    {
        { $"postgresql://vida:{Password}@db.example:5433/vidaplus", $"Host=db.example;Port=5433;Username=vida;Password={Password};Database=vidaplus" },
        { $"postgres://vida:{Password}@db.example/vidaplus", $"Host=db.example;Port=5432;Username=vida;Password={Password};Database=vidaplus" },
        { $"postgresql+psycopg://vida:{Password}@db.example/vidaplus", $"Host=db.example;Port=5432;Username=vida;Password={Password};Database=vidaplus" },
        { $"postgresql+psycopg2://vida:{Password}@db.example/vidaplus", $"Host=db.example;Port=5432;Username=vida;Password={Password};Database=vidaplus" },
        { $"postgresql+asyncpg://vida:{Password}@db.example/vidaplus", $"Host=db.example;Port=5432;Username=vida;Password={Password};Database=vidaplus" },
        { "postgresql://us%40er:p%3Aa%2Fs%40s%20w@db.example/vida%2Dplus", "Host=db.example;Port=5432;Username=us@er;Password=p:a/s@s w;Database=vida-plus" },
        { "postgresql://vida:p@ss@db.example/vidaplus", "Host=db.example;Port=5432;Username=vida;Password=p@ss;Database=vidaplus" },
        { "postgresql://u:LeakMe-9?tail/x#y@db.example/vidaplus?sslmode=require", "Host=db.example;Port=5432;Username=u;Password=LeakMe-9?tail/x#y;Database=vidaplus;SSL Mode=Require" },
        { $"postgresql://vida:{Password}@[::1]:5433/vidaplus", $"Host=::1;Port=5433;Username=vida;Password={Password};Database=vidaplus" },
        { $"postgresql://vida:{Password}@[2001:db8::7]/vidaplus", $"Host=2001:db8::7;Port=5432;Username=vida;Password={Password};Database=vidaplus" },
        // Several hosts: the primary rechecked each second, not every 10 s, so a failover is seen at once; unless the URL says.
        { $"postgresql://vida:{Password}@h1:5432,h2:5433/vidaplus", $"Host=h1:5432,h2:5433;Port=5432;Username=vida;Password={Password};Database=vidaplus;Host Recheck Seconds=1" },
        { $"postgresql://vida:{Password}@h1,h2/vidaplus?target_session_attrs=read-write&Host%20Recheck%20Seconds=5",
            $"Host=h1,h2;Port=5432;Username=vida;Password={Password};Database=vidaplus;Target Session Attributes=read-write;Host Recheck Seconds=5" },
        { $"postgresql://vida:{Password}@db.example/vidaplus?sslmode=verify-full&sslrootcert=system", $"Host=db.example;Port=5432;Username=vida;Password={Password};Database=vidaplus;SSL Mode=VerifyFull" },
        { $"postgresql://vida:{Password}@db.example/vidaplus?sslmode=require", $"Host=db.example;Port=5432;Username=vida;Password={Password};Database=vidaplus;SSL Mode=Require" },
        { $"postgresql://vida:{Password}@db.example/vidaplus?sslmode=verify-full&sslrootcert=/etc/ca.pem", $"Host=db.example;Port=5432;Username=vida;Password={Password};Database=vidaplus;SSL Mode=VerifyFull;Root Certificate=/etc/ca.pem" },
        { $"postgresql://vida:{Password}@db.example/vidaplus?connect_timeout=7&application_name=vida%20api", $"Host=db.example;Port=5432;Username=vida;Password={Password};Database=vidaplus;Timeout=7;Application Name=vida api" },
        { $"postgresql://vida:{Password}@db.example/vidaplus?Pooling=false", $"Host=db.example;Port=5432;Username=vida;Password={Password};Database=vidaplus;Pooling=false" },
        { "postgresql://vida@db.example/vidaplus", "Host=db.example;Port=5432;Username=vida;Database=vidaplus" },
        { "postgresql://db.example", "Host=db.example;Port=5432" },
        { $"  POSTGRESQL://vida:{Password}@db.example/vidaplus  ", $"Host=db.example;Port=5432;Username=vida;Password={Password};Database=vidaplus" },
        { $"Host=db.example;Port=5433;Database=vidaplus;Username=vida;Password={Password}", $"Host=db.example;Port=5433;Username=vida;Password={Password};Database=vidaplus" },
    };

    [Theory]
    [MemberData(nameof(GoodInputs))]
    public void Parse_GoodInput_GivesTheEquivalentNpgsqlConnectionString(string input, string expected)
    {
        var url = DatabaseUrl.Parse(input);

        // Compared as builders: keyword order and spelling do not matter, every value does. Every connection is
        // named, after this process unless the input names it.
        var wanted = new NpgsqlConnectionStringBuilder(expected);
        wanted.ApplicationName ??= DatabaseUrl.DefaultApplicationName;
        Assert.True(wanted.EquivalentTo(new NpgsqlConnectionStringBuilder(url.ConnectionString)),
            $"expected {wanted}\n  actual {url.ConnectionString}");
    }

    public static TheoryData<string, string> BadInputs => new()
    {
        { "", "it is empty" },
        { "   ", "it is empty" },
        { $"mysql://vida:{Password}@db.example/vidaplus", "scheme 'mysql' is not postgres:// or postgresql://" },
        { $"postgresql://vida:{Password}@db.example:abc/vidaplus", "port 'abc' is not a number from 1 to 65535 (percent-encode @ : / ? # in the user name and password)" },
        { $"postgresql://vida:{Password}@db.example:70000/vidaplus", "port '70000' is not a number from 1 to 65535 (percent-encode @ : / ? # in the user name and password)" },
        { $"postgresql://vida:{Password}@/vidaplus", "no host" },
        { $"postgresql://vida:{Password}@[::1/vidaplus", "IPv6 host is missing its closing ']'" },
        { $"postgresql://vida:{Password}@db.example/vidaplus?bogus=1", "unknown or invalid parameter 'bogus'" },
        { $"postgresql://vida:{Password}@db.example/vidaplus?sslmode=sometimes", "unknown or invalid parameter 'sslmode'" },
        { $"vida:{Password} at db.example", "expected postgresql://user:password@host:port/database or Host=...;Database=..." },
        { $"Host=db.example;Bogus=1;Password={Password}", "keyword 'bogus' is unknown or has an invalid value" },
        { $"Host=db.example;Port=abc;Password={Password}", "keyword 'port' is unknown or has an invalid value" },
        { $"Database=vidaplus;Password={Password}", "no host" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Parse_BadInput_FailsWithOneClearLineAndNoPassword(string input, string problem)
    {
        var error = Assert.Throws<DatabaseUrlException>(() => DatabaseUrl.Parse(input, "DATABASE_URL", "/srv/vidaplus/.env"));

        Assert.Equal(
            $"DATABASE_URL from /srv/vidaplus/.env is not a valid PostgreSQL URL or Npgsql connection string: {problem}. " +
            $"Example: DATABASE_URL={DatabaseUrlException.Example}",
            error.Message);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
        Assert.False(error.NotSet);
    }

    [Theory]
    [InlineData("postgresql://vida:pw@db.example:5433/vidaplus", "db.example:5433/vidaplus")]
    [InlineData("postgresql://vida:pw@[::1]/vidaplus", "[::1]:5432/vidaplus")]
    [InlineData("postgresql://vida:pw@db.example", "db.example:5432/vida")]
    [InlineData("postgresql://vida:pw@h1:5433,h2/vidaplus", "h1:5433,h2:5432/vidaplus")]
    [InlineData("postgresql://vida:pw@[::1]:5433,[::2]/vidaplus", "[::1]:5433,[::2]:5432/vidaplus")]
    public void ToString_NamesHostPortAndDatabase_WithoutThePassword(string input, string expected) =>
        Assert.Equal(expected, DatabaseUrl.Parse(input).ToString());
}
