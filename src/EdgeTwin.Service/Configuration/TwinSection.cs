namespace EdgeTwin.Service.Configuration;

/// <summary>The twin's frame rate and history (docs/twin.md).</summary>
/// <param name="FrameRateHz">Rate of aligned frames (the aligner's grid).</param>
/// <param name="LatencyBudget">How long a frame waits for late channels before it goes out marked.</param>
/// <param name="HistoryRetention">How much recent history each channel keeps in memory; older comes from the store.</param>
/// <param name="SyncInterval">How often sync quality and clock state are published as gateway/sync/… and gateway/clock/… channels.</param>
public sealed record TwinSettings(double FrameRateHz, TimeSpan LatencyBudget, TimeSpan HistoryRetention, TimeSpan SyncInterval)
{
    /// <remarks>
    /// Two seconds of history in memory: older state comes from the durable store, which holds everything older
    /// than one flush interval (Store:FlushIntervalMs), and at 1 kHz each further second costs ~25 KB per channel
    /// of the edge budget's 60 MB (docs/benchmarks.md, "Edge budget").
    /// </remarks>
    public static TwinSettings Default { get; } = new(100, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));
}

/// <summary>Reads the <c>Twin</c> section.</summary>
internal static class TwinSection
{
    public static TwinSettings Read(ConfigNode? node)
    {
        var d = TwinSettings.Default;
        if (node is null)
        {
            return d;
        }

        var rate = node.Double("FrameRateHz", d.FrameRateHz, 0.1, 1000);
        // The default budget covers the 10 Hz winding temperature (100 ms period) plus its transport delay.
        var budgetMs = node.Double("LatencyBudgetMs", d.LatencyBudget.TotalMilliseconds, 0, 10_000);
        var historySeconds = node.Double("HistorySeconds", d.HistoryRetention.TotalSeconds, 1, 3600);
        var syncSeconds = node.Double("SyncIntervalSeconds", d.SyncInterval.TotalSeconds, 0.1, 3600);
        node.RejectUnknownKeys();
        return new TwinSettings(rate, TimeSpan.FromMilliseconds(budgetMs), TimeSpan.FromSeconds(historySeconds), TimeSpan.FromSeconds(syncSeconds));
    }
}
