using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Sync.History;

public static class HistoryQuality
{
    /// <summary>
    /// Bad_NoData (OPC 10000-4 §7.39, 0x809B0000; the status OPC 10000-11 gives a history read with nothing
    /// to return): no sample of the channel near the asked time, in memory or in the store.
    /// </summary>
    public static readonly Quality NoData = new(0x809B0000);
}
