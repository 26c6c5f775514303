using EdgeTwin.OpcUa.AddressSpace;
using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Types;
using EdgeTwin.Service.Composition;
using EdgeTwin.Sync.Store;
using EdgeTwin.Sync.Uplink;

namespace EdgeTwin.Service.OpcUa;

/// <summary>
/// <c>Health</c> (per device: samples read, errors, missed periods, last error, worst channel quality, jitter;
/// the store's health and counters) and <c>Uplink</c> (the MQTT uplink's status). Values are computed from the
/// live counters when read or sampled; the source timestamp is the read time.
/// </summary>
internal static class StatusNodes
{
    public static void AddHealth(ServerAddressSpace space, NodeId gatewayFolder, Gateway gateway, Func<SampleStore?> store)
    {
        var health = space.AddObject(gatewayFolder, "Health");
        var devices = space.AddFolder(health.NodeId, "Devices");
        foreach (var device in gateway.Devices)
        {
            var stats = device.Statistics;
            var node = space.AddObject(devices.NodeId, device.Name).NodeId;
            var channels = device.ChannelIds;
            Computed(space, node, "Samples", DataTypeIds.Int64, () => new Variant(stats.Reads), "Successful device reads");
            Computed(space, node, "Errors", DataTypeIds.Int64, () => new Variant(stats.Errors), "Failed device reads");
            Computed(space, node, "MissedPeriods", DataTypeIds.Int64, () => new Variant(stats.MissedPeriods), "Sampling periods skipped because a read came too late");
            Computed(space, node, "LastError", DataTypeIds.String, () => new Variant(stats.LastError ?? string.Empty), "The last read error; empty once reads succeed again");
            Computed(space, node, "Quality", DataTypeIds.StatusCode, () => new Variant(WorstQuality(gateway, channels)), "The worst quality of the device's channels now");
            Computed(space, node, "JitterP99Us", DataTypeIds.Double, () => new Variant(stats.JitterP99Ns / 1000.0), "99th percentile of read lateness, µs");
        }

        var s = space.AddObject(health.NodeId, "Store").NodeId;
        Computed(space, s, "Open", DataTypeIds.Boolean, () => new Variant(store() is not null), "False when the store could not be opened: samples are not being stored");
        Computed(space, s, "Health", DataTypeIds.String, () => new Variant(store() is { } st ? HealthName(st.Status.Health) : "NotOpen"), "Healthy, DiskFull, IoError, Faulted or NotOpen");
        Computed(space, s, "LastError", DataTypeIds.String, () => new Variant(store()?.Status.LastError ?? string.Empty), null);
        Computed(space, s, "CommittedSamples", DataTypeIds.Int64, () => new Variant(store()?.Status.CommittedSamples ?? 0), null);
        Computed(space, s, "DroppedSamples", DataTypeIds.Int64, () => new Variant(store()?.Status.DroppedSamples ?? 0), null);
        Computed(space, s, "EvictedSamples", DataTypeIds.Int64, () => new Variant(store()?.Status.EvictedSamples ?? 0), null);
        Computed(space, s, "BufferedBytes", DataTypeIds.Int64, () => new Variant(store()?.Status.BufferedBytes ?? 0), null);
        Computed(space, s, "DatabaseBytes", DataTypeIds.Int64, () => new Variant(store()?.Status.DatabaseBytes ?? 0), null);
    }

    public static void AddUplink(ServerAddressSpace space, NodeId gatewayFolder, bool enabled, Func<IUplink?> uplink)
    {
        var u = space.AddObject(gatewayFolder, "Uplink").NodeId;
        Computed(space, u, "Enabled", DataTypeIds.Boolean, () => new Variant(enabled), "Uplink:Enabled in the configuration");
        Computed(space, u, "Running", DataTypeIds.Boolean, () => new Variant(uplink() is not null), "False when disabled or without a store");
        Computed(space, u, "Connected", DataTypeIds.Boolean, () => new Variant(Status(uplink).Connected), null);
        Computed(space, u, "BacklogSamples", DataTypeIds.Int64, () => new Variant(Status(uplink).BacklogSamples), "Committed samples not yet acknowledged by the broker");
        Computed(space, u, "OldestUnsentAgeSeconds", DataTypeIds.Double, () => new Variant(Status(uplink).OldestUnsentAgeSeconds), null);
        Computed(space, u, "PublishRate", DataTypeIds.Double, () => new Variant(Status(uplink).PublishRate), "Acknowledged samples per second over the last second");
        Computed(space, u, "PublishedSamples", DataTypeIds.Int64, () => new Variant(Status(uplink).PublishedSamples), null);
        Computed(space, u, "PublishedMessages", DataTypeIds.Int64, () => new Variant(Status(uplink).PublishedMessages), null);
        Computed(space, u, "FailedPublishes", DataTypeIds.Int64, () => new Variant(Status(uplink).FailedPublishes), null);
    }

    private static UplinkStatus Status(Func<IUplink?> uplink) => uplink()?.Status ?? default;

    private static void Computed(ServerAddressSpace space, NodeId parent, string name, uint dataType, Func<Variant> value, string? description) =>
        space.AddVariable(parent, name, dataType, value(), new VariableOptions
        {
            Source = () => new DataValue(value(), StatusCode.Good, DateTime.UtcNow),
            Description = description,
        });

    private static StatusCode WorstQuality(Gateway gateway, int[] channels)
    {
        var worst = StatusCode.Good;
        foreach (var id in channels)
        {
            var q = new StatusCode(gateway.Twin.Get(id).Quality.Code);
            if (Severity(q) > Severity(worst))
            {
                worst = q;
            }
        }

        return worst;
    }

    private static int Severity(StatusCode code) => code.IsBad ? 2 : code.IsUncertain ? 1 : 0;

    private static string HealthName(StoreHealth health) => health switch
    {
        StoreHealth.Healthy => "Healthy",
        StoreHealth.DiskFull => "DiskFull",
        StoreHealth.IoError => "IoError",
        _ => "Faulted",
    };
}
