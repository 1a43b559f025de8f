namespace VidaPlus.Data.Auth;

/// <summary>How tokens are signed, from the settings the Python app reads: SECRET_KEY, ALGORITHM,
/// ACCESS_TOKEN_EXPIRE_MINUTES.</summary>
public sealed record TokenSettings(string SecretKey, string Algorithm, TimeSpan Lifetime)
{
    public const string SecretKeyKey = "SECRET_KEY";
    public const string AlgorithmKey = "ALGORITHM";
    public const string ExpireMinutesKey = "ACCESS_TOKEN_EXPIRE_MINUTES";

    /// <summary>HMAC with SHA-256 needs a key of at least 256 bits to be any stronger than its key.</summary>
    public const int MinimumSecretBytes = 32;

    public static IReadOnlyList<string> Algorithms { get; } = ["HS256", "HS384", "HS512"];

    /// <exception cref="FormatException">A setting is missing, too weak or malformed; the message never shows the key.</exception>
    public static TokenSettings Parse(string? secretKey, string? algorithm, string? expireMinutes)
    {
        if (string.IsNullOrEmpty(secretKey))
        {
            throw new FormatException($"{SecretKeyKey} is not set: the API signs and checks its tokens with it (the Python app's key, " +
                $"at least {MinimumSecretBytes} bytes; e.g. from `openssl rand -hex 32`).");
        }
        if (System.Text.Encoding.UTF8.GetByteCount(secretKey) < MinimumSecretBytes)
        {
            throw new FormatException($"{SecretKeyKey} is too short: at least {MinimumSecretBytes} bytes are needed (e.g. `openssl rand -hex 32`).");
        }
        var alg = algorithm ?? "HS256";
        if (!Algorithms.Contains(alg))
        {
            throw new FormatException($"{AlgorithmKey} must be one of {string.Join(", ", Algorithms)}, not '{alg}'.");
        }
        var minutes = 30;
        if (expireMinutes is not null && (!int.TryParse(expireMinutes, System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out minutes) || minutes < 1))
        {
            throw new FormatException($"{ExpireMinutesKey} must be a whole number of minutes above zero, not '{expireMinutes}'.");
        }
        return new(secretKey, alg, TimeSpan.FromMinutes(minutes));
    }
}
