using System.Globalization;

namespace EdgeTwin.Service.Cli;

/// <summary>
/// A fault injected from the command line, <c>name=severity[@onsetSeconds]</c>, e.g. <c>bearing-wear=0.8@60</c>.
/// It becomes a configuration override, so it is validated like the file.
/// </summary>
internal static class FaultSpec
{
    private static readonly Dictionary<string, string> Keys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bearing-wear"] = "BearingWear",
        ["overheating"] = "Overheating",
    };

    public static bool TryParse(IEnumerable<string> specs, Dictionary<string, string?> overrides, out string? error)
    {
        error = null;
        foreach (var spec in specs)
        {
            var equals = spec.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? spec : spec[..equals];
            if (!Keys.TryGetValue(name, out var key))
            {
                error = $"--fault '{spec}': unknown fault '{name}'; known faults: {string.Join(", ", Keys.Keys)}";
                return false;
            }

            var value = equals < 0 ? "1" : spec[(equals + 1)..];
            var at = value.IndexOf('@', StringComparison.Ordinal);
            var severity = at < 0 ? value : value[..at];
            if (!double.TryParse(severity, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                error = $"--fault '{spec}': severity must be a number between 0 and 1";
                return false;
            }

            overrides[$"Simulation:Faults:{key}"] = severity;
            if (at >= 0)
            {
                overrides[$"Simulation:Faults:{key}OnsetSeconds"] = value[(at + 1)..].TrimEnd('s');
            }
        }

        return true;
    }
}
