namespace EdgeTwin.Service.Configuration;

/// <summary>One problem in the configuration: the key path as .NET configuration spells it, and what is wrong.</summary>
public sealed record ConfigError(string Path, string Message)
{
    public override string ToString() => string.IsNullOrEmpty(Path) ? Message : $"{Path}: {Message}";
}

/// <summary>The configuration cannot be used; carries every error found, not just the first.</summary>
public sealed class ConfigException(IReadOnlyList<ConfigError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}
