using System.CommandLine;
using VidaPlus.Data;
using VidaPlus.Data.Auth;

namespace VidaPlus.Api.Commands;

/// <summary><c>VidaPlus.Api user add</c>: the first administrator of a fresh database, or another one. The password
/// comes from standard input, never from the command line (where `ps` and shell history would show it).</summary>
internal static class UserCommand
{
    public static Command Create(CommandRunner run)
    {
        var email = new Option<string>("--email") { Description = "The email the user signs in with.", Required = true };
        var nome = new Option<string>("--nome") { Description = "The user's name.", Required = true };
        var superuser = new Option<bool>("--superuser") { Description = "May manage beds and stock." };
        var add = new Command("add", "Add an administrator; the password is read from standard input (one line).") { email, nome, superuser };
        add.SetAction((parse, ct) => run.WithDatabaseAsync(parse, async verb =>
        {
            var password = (await run.Input.ReadLineAsync(ct))?.TrimEnd('\r') ?? "";
            if (password.Length < 8)
            {
                throw new FormatException("The password (read from standard input) must be at least 8 characters.");
            }
            await using var db = new VidaPlusDbContext(VidaPlusDbContextOptions.For(verb.Url.ConnectionString));
            using var checks = new PasswordChecks(SignInOptions.Default with { ConcurrentChecks = 1 });
            var user = await new UserAccounts(db, checks).AddAdminAsync(parse.GetValue(email)!, parse.GetValue(nome)!, password, parse.GetValue(superuser), ct);
            await run.Output.WriteLineAsync($"Added {(user.IsSuperuser ? "superuser" : "user")} {user.Email} (id {user.Id}).");
            return ExitCodes.Ok;
        }));
        return new Command("user", "Manage the users who sign in to the API.") { add };
    }
}
