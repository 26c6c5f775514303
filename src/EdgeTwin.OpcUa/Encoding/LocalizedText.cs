namespace EdgeTwin.OpcUa.Encoding;

/// <summary>Human-readable text with an optional locale (OPC 10000-3 §8.5).</summary>
public readonly record struct LocalizedText(string? Locale, string? Text)
{
    public static readonly LocalizedText Null;

    public LocalizedText(string? text)
        : this(null, text)
    {
    }

    public bool IsNull => Locale is null && Text is null;

    public override string ToString() => Text ?? string.Empty;
}
