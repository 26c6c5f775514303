using EdgeTwin.Sparkplug;

namespace EdgeTwin.Sync.Uplink.Sparkplug;

/// <summary>The Sparkplug B identity of this edge node and how its channels map to devices (docs/sparkplug.md).</summary>
public sealed record SparkplugOptions
{
    public required string GroupId { get; init; }

    public required string EdgeNodeId { get; init; }

    /// <summary>When set, births and data are published only while <c>spBv1.0/STATE/&lt;id&gt;</c> says the host is online (§5.8).</summary>
    public string? PrimaryHostId { get; init; }

    /// <summary>The device id of each store channel (same order as the store's channel list).</summary>
    public required IReadOnlyList<string> ChannelDevices { get; init; }

    /// <summary>File that keeps the last bdSeq across restarts, so a host can match NDEATH to NBIRTH (§6.4.19).</summary>
    public required string BdSeqFile { get; init; }

    internal void Validate(int channels)
    {
        foreach (var (id, what) in new[] { (GroupId, "group id"), (EdgeNodeId, "edge node id") })
        {
            if (!SparkplugTopic.IsValidId(id))
            {
                throw new ArgumentException($"'{id}' is not a valid Sparkplug {what} (Sparkplug B 3.0 §4.1.1.2).");
            }
        }

        if (PrimaryHostId is not null && !SparkplugTopic.IsValidId(PrimaryHostId))
        {
            throw new ArgumentException($"'{PrimaryHostId}' is not a valid Sparkplug host id.");
        }

        if (ChannelDevices.Count != channels)
        {
            throw new ArgumentException($"{ChannelDevices.Count} channel devices for {channels} store channels.");
        }

        var bad = ChannelDevices.FirstOrDefault(d => !SparkplugTopic.IsValidId(d));
        if (bad is not null)
        {
            throw new ArgumentException($"'{bad}' is not a valid Sparkplug device id.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(BdSeqFile);
    }
}
