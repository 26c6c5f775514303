namespace EdgeTwin.OpcUa.Encoding;

/// <summary>Vendor-specific diagnostics for a status (OPC 10000-4 §7.12, wire form OPC 10000-6 §5.2.2.12).</summary>
public sealed record DiagnosticInfo
{
    public int? SymbolicId { get; init; }
    public int? NamespaceUri { get; init; }
    public int? Locale { get; init; }
    public int? LocalizedText { get; init; }
    public string? AdditionalInfo { get; init; }
    public StatusCode? InnerStatusCode { get; init; }
    public DiagnosticInfo? InnerDiagnosticInfo { get; init; }

    /// <summary>No field set: encodes as a zero mask, the same bytes as a null DiagnosticInfo.</summary>
    public bool IsEmpty => SymbolicId is null && NamespaceUri is null && Locale is null && LocalizedText is null &&
        AdditionalInfo is null && InnerStatusCode is null && (InnerDiagnosticInfo is null || InnerDiagnosticInfo.IsEmpty);
}
