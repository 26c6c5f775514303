using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.Sync.Twin;

namespace EdgeTwin.Service.OpcUa;

/// <summary>
/// A twin channel read as an OPC UA value: the sample's value, its time as the source timestamp and its
/// quality as the StatusCode (the twin's qualities are OPC UA status codes already). Reads copy structs only.
/// </summary>
internal sealed class ChannelValue(TwinState twin, int channel)
{
    public DataValue Read()
    {
        var v = twin.Get(channel);
        var status = new StatusCode(v.Quality.Code);
        if (v.TimestampNs == 0)
        {
            return DataValue.FromStatus(status);
        }

        // OPC 10000-4 §7.11: a Bad value carries no meaningful value.
        var value = status.IsBad ? Variant.Null : new Variant(v.Value);
        return new DataValue(value, status, ToDateTime(v.TimestampNs));
    }

    public static DateTime ToDateTime(long unixNs) => new(DateTime.UnixEpoch.Ticks + (unixNs / 100), DateTimeKind.Utc);
}
