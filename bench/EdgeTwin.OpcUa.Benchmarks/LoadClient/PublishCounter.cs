namespace EdgeTwin.OpcUa.Benchmarks.LoadClient;

/// <summary>
/// Reads a PublishResponse (OPC 10000-4 §5.13.5) only as far as the client needs under load: the service
/// result, the subscription, the sequence number to acknowledge and how many data changes it carries
/// (the DataChangeNotification's item count, §7.25.2), skipping the notifications without decoding them.
/// </summary>
internal static class PublishCounter
{
    public readonly record struct Summary(StatusCode Result, uint SubscriptionId, uint SequenceNumber, int DataChanges, bool KeepAlive);

    private static readonly EncodingLimits Limits = new() { MaxArrayLength = 1 << 20, MaxStringLength = 1 << 20 };

    public static Summary Read(ReadOnlySpan<byte> body)
    {
        var d = new BinaryDecoder(body, Limits);
        var typeId = d.ReadNodeId();
        d.ReadDateTime();
        d.ReadUInt32();
        var result = d.ReadStatusCode();
        if (typeId.NumericId != PublishResponse.TypeBinaryEncodingId || result.IsBad)
        {
            return new Summary(result.IsBad ? result : StatusCodes.BadUnexpectedError, 0, 0, 0, false);
        }

        d.ReadDiagnosticInfo();
        for (var n = d.ReadArrayLength(); n > 0; n--)
        {
            d.ReadString();
        }

        d.ReadExtensionObject();
        var subscriptionId = d.ReadUInt32();
        for (var n = d.ReadArrayLength(); n > 0; n--)
        {
            d.ReadUInt32();
        }

        d.ReadBoolean();
        var sequence = d.ReadUInt32();
        d.ReadDateTime();
        var changes = 0;
        var data = d.ReadArrayLength();
        var at = d.Position;
        for (var i = 0; i < data; i++)
        {
            var e = new BinaryDecoder(body[at..], Limits);
            var bodyType = e.ReadNodeId();
            e.ReadByte();
            var length = e.ReadInt32();
            if (bodyType.NumericId == DataChangeNotification.TypeBinaryEncodingId && length >= 4)
            {
                changes += e.ReadInt32();
                at += e.Position - 4 + length;
            }
            else
            {
                at += e.Position + Math.Max(0, length);
            }
        }

        return new Summary(result, subscriptionId, sequence, changes, data == 0);
    }
}
