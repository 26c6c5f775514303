using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeTwin.Service.Cli;

/// <summary>The <c>--at</c> argument of <c>state</c>: an ISO 8601 time, or an offset back from now like <c>-5m</c>.</summary>
internal static partial class StateTime
{
    /// <summary>Offsets further back than this are refused (the store's retention is at most 100 years).</summary>
    private static readonly TimeSpan MaxOffset = TimeSpan.FromDays(36_500);

    public static bool TryParse(string text, long nowUtcNs, out long utcNs)
    {
        utcNs = 0;
        text = text.Trim();
        if (text.Length > 64)
        {
            return false;
        }

        if (string.Equals(text, "now", StringComparison.OrdinalIgnoreCase))
        {
            utcNs = nowUtcNs;
            return true;
        }

        var relative = RelativePattern().Match(text);
        if (relative.Success)
        {
            if (!double.TryParse(relative.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            var seconds = amount * relative.Groups[2].Value switch
            {
                "ms" => 0.001,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                _ => 86_400,
            };
            if (!(seconds <= MaxOffset.TotalSeconds))
            {
                return false;
            }

            utcNs = nowUtcNs - (long)(seconds * 1e9);
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return false;
        }

        utcNs = (time.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        return true;
    }

    [GeneratedRegex("^-([0-9]{1,9}(?:\\.[0-9]{1,9})?)(ms|s|m|h|d)$")]
    private static partial Regex RelativePattern();
}
