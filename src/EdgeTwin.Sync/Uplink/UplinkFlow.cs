namespace EdgeTwin.Sync.Uplink;

/// <summary>
/// One channel's live or historical stream. Messages are acknowledged in the order they were published (the
/// window is FIFO), so <see cref="Acked"/> is the highest sequence up to which everything of this flow arrived.
/// A channel's flows cover consecutive sequence ranges; a live flow is closed (given an <see cref="End"/>) when the
/// link comes back after an outage, and a historical flow for the outage's backlog follows it.
/// </summary>
internal sealed class UplinkFlow(int channel, bool historical, long after, long end)
{
    public int Channel { get; } = channel;

    public bool Historical { get; } = historical;

    /// <summary>Highest sequence handed to the client (read position).</summary>
    public long SentThrough { get; set; } = after;

    /// <summary>Everything of this flow up to here is acknowledged.</summary>
    public long Acked { get; set; } = after;

    /// <summary>Last sequence belonging to this flow (inclusive); <see cref="long.MaxValue"/> for the open live flow.</summary>
    public long End { get; set; } = end;

    public bool Done => Acked >= End;

    public Queue<InFlightMessage> Window { get; } = new();
}
