namespace EdgeTwin.OpcUa.Encoding;

/// <summary>
/// Bounds on every length and count the decoder takes from input (OPC 10000-6 §5.2.2.4: a decoder rejects
/// lengths beyond its limits with Bad_EncodingLimitsExceeded rather than allocating them).
/// </summary>
public sealed class EncodingLimits
{
    public static readonly EncodingLimits Default = new();

    public int MaxStringLength { get; init; } = 1 << 16;
    public int MaxByteStringLength { get; init; } = 1 << 20;
    public int MaxArrayLength { get; init; } = 1 << 16;

    /// <summary>Nesting of Variant/ExtensionObject/DiagnosticInfo/DataValue before decoding stops (§5.2.2.16).</summary>
    public int MaxNestingDepth { get; init; } = 64;
}
