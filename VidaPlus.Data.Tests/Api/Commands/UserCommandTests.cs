using System.Net;
using VidaPlus.Api.Commands;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Api.Commands;

/// <summary>`user add`: the first administrator, its password read from standard input only, able to sign in.</summary>
public sealed class UserCommandTests
{
    private const string Password = "primeiro-Admin-2026";

    [Fact]
    public async Task AddedFromStandardInput_TheAdminSignsIn_AndThePasswordShowsNowhere()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var added = await DbCommand.RunAsync(["user", "add", "--email", "ana@vidaplus.test", "--nome", "Ana", "--superuser",
            "--database-url", database.ConnectionString], output, error, new StringReader(Password + "\n"));
        var again = await DbCommand.RunAsync(["user", "add", "--email", "ana@vidaplus.test", "--nome", "Ana",
            "--database-url", database.ConnectionString], output, error, new StringReader(Password + "\n"));
        var onTheCommandLine = await DbCommand.RunAsync(["user", "add", "--email", "b@vidaplus.test", "--nome", "B", "--password", Password,
            "--database-url", database.ConnectionString], output, error, new StringReader(""));
        var tooShort = await DbCommand.RunAsync(["user", "add", "--email", "c@vidaplus.test", "--nome", "C",
            "--database-url", database.ConnectionString], output, error, new StringReader("short\n"));

        Assert.Equal((0, 1, 2, 2), (added, again, onTheCommandLine, tooShort));
        Assert.StartsWith("Added superuser ana@vidaplus.test (id ", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("error: A user with email ana@vidaplus.test already exists; nothing was changed.", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("error: The password (read from standard input) must be at least 8 characters.", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output + error.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("$argon2id$v=19$m=65536,t=3,p=4$", await database.ScalarAsync<string>("SELECT senha FROM users"), StringComparison.Ordinal);

        await using var api = new ApiHost(database.ConnectionString);
        using var client = await api.AnonymousClientAsync();
        var signIn = await client.PostAsync("/auth/token/",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "ana@vidaplus.test", ["password"] = Password }));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }
}
