using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace EdgeTwin.Service.Configuration;

/// <summary>
/// Finds the configuration file, layers environment overrides (<c>EDGETWIN_</c> prefix, <c>__</c> between
/// keys, e.g. <c>EDGETWIN_Devices__imu__RateHz=500</c>) and command-line overrides on top, and validates the
/// result. Failures become <see cref="ConfigException"/> with one line per problem.
/// </summary>
public static class ConfigLoader
{
    public const string EnvironmentPrefix = "EDGETWIN_";
    public const string EmbeddedDefaultName = "(built-in simulated plant)";

    /// <summary>Where the configuration comes from when no path is given, in order.</summary>
    public static string? FindDefaultPath()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("EDGETWIN_CONFIG");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        string[] candidates =
        [
            Path.Combine(Directory.GetCurrentDirectory(), "config", "edgetwin.json"),
            "/etc/edgetwin/edgetwin.json",
            Path.Combine(AppContext.BaseDirectory, "config", "edgetwin.json"),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    public static (GatewayConfig Config, IConfiguration Raw, string Source) Load(string? path, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        path ??= FindDefaultPath();
        var builder = new ConfigurationBuilder();
        string source;
        if (path is null)
        {
            source = EmbeddedDefaultName;
            builder.AddJsonStream(OpenEmbeddedDefault());
        }
        else
        {
            var full = Path.GetFullPath(path);
            if (!File.Exists(full))
            {
                throw new ConfigException([new ConfigError("", $"configuration file '{full}' not found")]);
            }

            source = full;
            builder.AddJsonFile(full, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        IConfigurationRoot raw;
        try
        {
            raw = builder.Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or JsonException or IOException)
        {
            throw new ConfigException([new ConfigError("", $"{source}: {Describe(ex)}")]);
        }

        // EDGETWIN_CONFIG names the file; it is not a key inside it.
        return (GatewayConfigReader.Read(new LocatorFilter(raw)), raw, source);
    }

    public static Stream OpenEmbeddedDefault() =>
        typeof(ConfigLoader).Assembly.GetManifestResourceStream("EdgeTwin.Service.edgetwin.default.json")
        ?? throw new InvalidOperationException("the built-in default configuration is missing from the assembly");

    private static string Describe(Exception ex)
    {
        // The JSON provider wraps the parser's error, which carries the line and byte position.
        var json = ex;
        while (json is not null and not JsonException)
        {
            json = json.InnerException;
        }

        if (json is JsonException { LineNumber: { } line, BytePositionInLine: { } position } parse)
        {
            return $"invalid JSON at line {line + 1}, position {position + 1}: {parse.Message.Split(" Path:")[0].Split(" LineNumber:")[0]}";
        }

        return ex.Message;
    }

    /// <summary>Hides the <c>CONFIG</c> key that <c>EDGETWIN_CONFIG</c> produces from validation.</summary>
    private sealed class LocatorFilter(IConfiguration inner) : IConfiguration
    {
        public string? this[string key]
        {
            get => inner[key];
            set => inner[key] = value;
        }

        public IEnumerable<IConfigurationSection> GetChildren() =>
            inner.GetChildren().Where(c => !string.Equals(c.Key, "CONFIG", StringComparison.OrdinalIgnoreCase));

        public Microsoft.Extensions.Primitives.IChangeToken GetReloadToken() => inner.GetReloadToken();

        public IConfigurationSection GetSection(string key) => inner.GetSection(key);
    }
}
