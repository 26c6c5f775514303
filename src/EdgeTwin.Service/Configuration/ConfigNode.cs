using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace EdgeTwin.Service.Configuration;

/// <summary>
/// A strict reader over one configuration section. Every value read is checked and every problem recorded
/// with its key path; every key that nothing read is reported as unknown, so a typo cannot be silently
/// ignored. Reading goes on after an error, so one run reports all problems.
/// </summary>
internal sealed class ConfigNode
{
    private readonly IConfiguration _section;
    private readonly List<ConfigError> _errors;
    private readonly HashSet<string> _known = new(StringComparer.OrdinalIgnoreCase);

    public ConfigNode(IConfiguration section, string path, List<ConfigError> errors)
    {
        _section = section;
        Path = path;
        _errors = errors;
    }

    public string Path { get; }

    public bool Has(string key) => _section.GetSection(key).Exists();

    public string KeyPath(string key) => Path.Length == 0 ? key : $"{Path}:{key}";

    public void Error(string key, string message) => _errors.Add(new ConfigError(KeyPath(key), message));

    /// <summary>Marks a key as accepted without reading it (e.g. the host's own <c>Logging</c> section).</summary>
    public void Accept(string key) => _known.Add(key);

    public string? String(string key, bool required = false, string? fallback = null)
    {
        _known.Add(key);
        var section = _section.GetSection(key);
        if (section.GetChildren().Any())
        {
            Error(key, "must be a single value, not a section");
            return fallback;
        }

        var value = section.Value;
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Error(key, "is required");
            }

            return fallback;
        }

        return value.Trim();
    }

    public double Double(string key, double fallback, double min, double max, bool required = false)
    {
        var text = String(key, required);
        if (text is null)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Error(key, $"must be a number, got '{text}'");
            return fallback;
        }

        if (value < min || value > max)
        {
            Error(key, $"must be between {Format(min)} and {Format(max)}, got {Format(value)}");
            return fallback;
        }

        return value;
    }

    public int Int(string key, int fallback, int min, int max, bool required = false)
    {
        var text = String(key, required);
        if (text is null)
        {
            return fallback;
        }

        if (!TryParseInteger(text, out var value))
        {
            Error(key, $"must be a whole number (decimal or 0x hex), got '{text}'");
            return fallback;
        }

        if (value < min || value > max)
        {
            Error(key, $"must be between {min} and {max}, got {value}");
            return fallback;
        }

        return (int)value;
    }

    public bool Bool(string key, bool fallback)
    {
        var text = String(key);
        if (text is null)
        {
            return fallback;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Error(key, $"must be true or false, got '{text}'");
        return fallback;
    }

    public string? OneOf(string key, IReadOnlyCollection<string> allowed, bool required = false, string? fallback = null)
    {
        var text = String(key, required);
        if (text is null)
        {
            return fallback;
        }

        var match = allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            Error(key, $"must be one of {string.Join(", ", allowed)}, got '{text}'");
        }

        return match ?? fallback;
    }

    /// <summary>A child section, or null (and an error if <paramref name="required"/>) when absent.</summary>
    public ConfigNode? Child(string key, bool required = false)
    {
        _known.Add(key);
        var section = _section.GetSection(key);
        if (!section.Exists())
        {
            if (required)
            {
                Error(key, "is required");
            }

            return null;
        }

        if (section.Value is not null && !section.GetChildren().Any())
        {
            Error(key, "must be a section, not a single value");
            return null;
        }

        return new ConfigNode(section, KeyPath(key), _errors);
    }

    /// <summary>The named children of a section (e.g. devices keyed by name), in configuration key order.</summary>
    public IEnumerable<(string Name, ConfigNode Node)> Named() =>
        _section.GetChildren().Select(c =>
        {
            _known.Add(c.Key);
            return (c.Key, new ConfigNode(c, KeyPath(c.Key), _errors));
        }).ToList();

    /// <summary>The elements of a JSON array (keys 0, 1, …); anything else is an error.</summary>
    public IReadOnlyList<ConfigNode> Array(string key)
    {
        var node = Child(key);
        if (node is null)
        {
            return [];
        }

        var items = new List<(int Index, ConfigNode Node)>();
        foreach (var child in node._section.GetChildren())
        {
            node._known.Add(child.Key);
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                node.Error(child.Key, "is not an array element; this key must be a JSON array");
                continue;
            }

            items.Add((index, new ConfigNode(child, node.KeyPath(child.Key), _errors)));
        }

        return items.OrderBy(i => i.Index).Select(i => i.Node).ToList();
    }

    /// <summary>Reads a JSON array of numbers.</summary>
    public double[]? Numbers(string key)
    {
        var node = Child(key);
        if (node is null)
        {
            return null;
        }

        var values = new List<double>();
        foreach (var child in node._section.GetChildren().OrderBy(c => c.Key.Length).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            node._known.Add(child.Key);
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                node.Error(child.Key, "is not an array element; this key must be a JSON array of numbers");
                return null;
            }

            if (!double.TryParse(child.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                node.Error(child.Key, $"must be a number, got '{child.Value ?? "(a section)"}'");
                return null;
            }

            values.Add(value);
        }

        return [.. values];
    }

    /// <summary>Reports every key of this section that no reader asked for, with the closest known key as a hint.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var child in _section.GetChildren())
        {
            if (_known.Contains(child.Key))
            {
                continue;
            }

            var hint = _known
                .Select(k => (Key: k, Distance: EditDistance(k.ToUpperInvariant(), child.Key.ToUpperInvariant())))
                .Where(k => k.Distance <= Math.Max(2, k.Key.Length / 3))
                .OrderBy(k => k.Distance)
                .Select(k => k.Key)
                .FirstOrDefault();
            Error(child.Key, hint is null ? "unknown key" : $"unknown key (did you mean '{hint}'?)");
        }
    }

    internal static bool TryParseInteger(string text, out long value)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
