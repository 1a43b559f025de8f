using System.Globalization;
using System.Text.RegularExpressions;

namespace VidaPlus.Data.Configuration;

/// <summary>Durations written the way PostgreSQL takes them (<c>500ms</c>, <c>2s</c>, <c>1min</c>), or a bare number of seconds.</summary>
internal static partial class Durations
{
    /// <exception cref="FormatException">Not a duration, or not above zero when <paramref name="allowZero"/> is false.</exception>
    public static TimeSpan Parse(string key, string text, bool allowZero = false)
    {
        var match = DurationPattern().Match(text);
        if (match.Success && double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            var value = match.Groups["unit"].Value switch
            {
                "us" => TimeSpan.FromMicroseconds(n),
                "ms" => TimeSpan.FromMilliseconds(n),
                "" or "s" => TimeSpan.FromSeconds(n),
                "min" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
            if (value > TimeSpan.Zero || (allowZero && value == TimeSpan.Zero))
            {
                return value;
            }
        }
        throw new FormatException(
            $"{key} must be a duration{(allowZero ? "" : " above zero")} such as 500ms, 5s or 2min (a bare number is seconds), not '{text}'.");
    }

    [GeneratedRegex(@"^\s*(?<n>\d+(\.\d+)?)\s*(?<unit>us|ms|s|min|h|d)?\s*$")]
    private static partial Regex DurationPattern();
}
