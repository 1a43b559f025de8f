using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VidaPlus.Data.Auth;

/// <summary>
/// A password hash as the Python app stores it in <c>users.senha</c>: Argon2 in the PHC string form
/// (<c>$argon2id$v=19$m=65536,t=3,p=4$salt$hash</c>, pwdlib's recommended hash), its parameters read from the string,
/// so hashes made by either app verify on the other.
/// </summary>
internal sealed record PasswordHash(Argon2Parameters Parameters, byte[] Salt, byte[] Tag)
{
    /// <summary>pwdlib's parameters, which new hashes use: Argon2id, 64 MiB, 3 passes, 4 lanes, 16-byte salt, 32-byte tag.</summary>
    public static Argon2Parameters Recommended { get; } = new(Argon2Type.Argon2id, 65536, 3, 4);

    /// <summary>The most memory a stored hash may ask for (1 GiB): a larger one is refused rather than allocated.</summary>
    public const int MaxMemoryKiB = 1 << 20;

    /// <summary>The hash a PHC string states; null for anything else (another scheme, Argon2 before version 1.3,
    /// parameters out of range, a secret key id or associated data, malformed base64).</summary>
    public static PasswordHash? TryParse(string phc)
    {
        var parts = phc.Split('$');
        if (parts is not ["", var name, var version, var settings, var salt, var tag] || version != $"v={Argon2.Version}")
        {
            return null;
        }
        Argon2Type? type = name switch
        {
            "argon2id" => Argon2Type.Argon2id,
            "argon2i" => Argon2Type.Argon2i,
            "argon2d" => Argon2Type.Argon2d,
            _ => null,
        };
        var values = settings.Split(',').Select(s => s.Split('=')).ToArray();
        if (type is null || values.Length != 3 || values.Any(v => v.Length != 2)
            || values[0][0] != "m" || values[1][0] != "t" || values[2][0] != "p"
            || !int.TryParse(values[0][1], NumberStyles.None, CultureInfo.InvariantCulture, out var memory)
            || !int.TryParse(values[1][1], NumberStyles.None, CultureInfo.InvariantCulture, out var passes)
            || !int.TryParse(values[2][1], NumberStyles.None, CultureInfo.InvariantCulture, out var lanes))
        {
            return null;
        }
        var parameters = new Argon2Parameters(type.Value, memory, passes, lanes);
        return parameters.Valid && memory <= MaxMemoryKiB && Base64(salt) is { Length: >= 8 } saltBytes && Base64(tag) is { Length: >= 4 } tagBytes
            ? new(parameters, saltBytes, tagBytes)
            : null;
    }

    /// <summary>A new hash of <paramref name="password"/> with the <see cref="Recommended"/> parameters and a random salt.</summary>
    public static PasswordHash Create(string password, ulong[] memory)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var tag = new byte[32];
        Argon2.Derive(Recommended, Encoding.UTF8.GetBytes(password), salt, tag, memory);
        return new(Recommended, salt, tag);
    }

    /// <summary>Whether <paramref name="password"/> is the one hashed, compared in constant time.</summary>
    public bool Matches(string password, ulong[] memory)
    {
        var tag = new byte[Tag.Length];
        Argon2.Derive(Parameters, Encoding.UTF8.GetBytes(password), Salt, tag, memory);
        return CryptographicOperations.FixedTimeEquals(tag, Tag);
    }

    /// <summary>The words of memory checking this hash takes.</summary>
    public int MemoryWords => Parameters.Blocks * 128;

    /// <summary>The PHC string, as argon2-cffi writes it (base64 without padding).</summary>
    public override string ToString() =>
        $"${Parameters.Type.ToString().ToLowerInvariant()}$v={Argon2.Version}$m={Parameters.MemoryKiB},t={Parameters.Passes},p={Parameters.Lanes}" +
        $"${Convert.ToBase64String(Salt).TrimEnd('=')}${Convert.ToBase64String(Tag).TrimEnd('=')}";

    private static byte[]? Base64(string unpadded)
    {
        var padded = unpadded.PadRight((unpadded.Length + 3) / 4 * 4, '=');
        var bytes = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, bytes, out var written) ? bytes[..written] : null;
    }
}
