namespace EdgeTwin.OpcUa.Encoding;

/// <summary>OPC 10000-6 §5.2.2.5: DateTime is Int64 100 ns intervals since 1601-01-01 00:00 UTC.</summary>
internal static class DateTimeCodec
{
    public static readonly long Epoch = new DateTime(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    public static DateTime FromWire(long wire)
    {
        if (wire <= 0)
        {
            return DateTime.MinValue;
        }

        if (wire >= DateTime.MaxValue.Ticks - Epoch)
        {
            return DateTime.MaxValue;
        }

        return new DateTime(wire + Epoch, DateTimeKind.Utc);
    }
}
