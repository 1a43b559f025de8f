using Isopoh.Cryptography.Argon2;

namespace VidaPlus.Data.Auth;

/// <summary>
/// Passwords as the Python app stores them in <c>users.senha</c>: Argon2id in the PHC string form
/// (<c>$argon2id$v=19$m=65536,t=3,p=4$salt$hash</c>, pwdlib's recommended hash), its parameters read from the string,
/// so hashes made by either app verify on the other.
/// </summary>
internal static class PasswordHash
{
    /// <summary>True when <paramref name="password"/> matches <paramref name="phc"/>; false for a wrong password or a
    /// string that is no Argon2 hash at all.</summary>
    public static bool Verify(string phc, string password)
    {
        try
        {
            return phc.StartsWith("$argon2", StringComparison.Ordinal) && Argon2.Verify(phc, password);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A new hash with pwdlib's parameters (Argon2id, 64 MiB, 3 passes, 4 lanes, 32-byte hash, 16-byte salt).</summary>
    public static string Hash(string password) =>
        Argon2.Hash(password, timeCost: 3, memoryCost: 65536, parallelism: 4, type: Argon2Type.HybridAddressing, hashLength: 32);
}
