using System.Diagnostics;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>
/// The implementations the Python app uses, as Debian packages them (python3-argon2, python3-jwt; scripts/test.sh
/// installs them): password hashes and tokens made by them, not by the code under test.
/// </summary>
internal static class IndependentPython
{
    private const string Interpreter = "/usr/bin/python3";

    /// <summary>An Argon2 PHC hash of <paramref name="password"/> by argon2-cffi, with the given parameters
    /// (<paramref name="type"/>: ID, I or D).</summary>
    public static Task<string> HashAsync(string password, int memoryKiB, int time, int lanes, string type = "ID", int hashLength = 32) =>
        RunAsync($"import argon2,sys; print(argon2.PasswordHasher(memory_cost={memoryKiB}, time_cost={time}, parallelism={lanes}, " +
            $"hash_len={hashLength}, type=argon2.Type.{type}).hash(sys.argv[1]))", password);

    /// <summary>Whether argon2-cffi finds that <paramref name="phc"/> is a hash of <paramref name="password"/>.</summary>
    public static async Task<bool> VerifiesAsync(string phc, string password) =>
        await RunAsync("import argon2,sys\ntry:\n print(argon2.PasswordHasher().verify(sys.argv[1], sys.argv[2]))\n" +
            "except argon2.exceptions.VerifyMismatchError:\n print(False)", phc, password) == "True";

    /// <summary>A token by PyJWT: <c>sub</c>, <c>exp</c> seconds from now (negative: expired), signed with the key.</summary>
    public static Task<string> TokenAsync(string? sub, int expiresInSeconds, string key, string algorithm = "HS256") =>
        RunAsync("import jwt,sys,time; claims={'exp': int(time.time()) + int(sys.argv[2])}; " +
            "claims.update({'sub': sys.argv[1]} if sys.argv[1] else {}); print(jwt.encode(claims, sys.argv[3], algorithm=sys.argv[4]))",
            sub ?? "", expiresInSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), key, algorithm);

    private static async Task<string> RunAsync(string code, params string[] args)
    {
        var start = new ProcessStartInfo(Interpreter, ["-c", code, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Interpreter} did not start.");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException(
            $"{Interpreter} failed ({error.Trim()}); install Debian's python3-argon2 and python3-jwt (scripts/test.sh does).");
    }
}
