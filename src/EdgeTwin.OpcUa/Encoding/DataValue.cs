namespace EdgeTwin.OpcUa.Encoding;

/// <summary>A value with its status and timestamps (OPC 10000-4 §7.11, wire form OPC 10000-6 §5.2.2.17).</summary>
public record struct DataValue(Variant Value, StatusCode Status = default, DateTime SourceTimestamp = default, DateTime ServerTimestamp = default)
{
    public ushort SourcePicoseconds { get; set; }
    public ushort ServerPicoseconds { get; set; }

    public static DataValue FromStatus(StatusCode status) => new(Variant.Null, status);
}
