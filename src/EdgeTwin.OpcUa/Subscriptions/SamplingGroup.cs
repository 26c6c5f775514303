namespace EdgeTwin.OpcUa.Subscriptions;

/// <summary>
/// All monitored items sampled at one interval share one timer and one pass over their nodes (the Milo
/// model); there is never a timer per item. Items are kept in a list so a tick allocates nothing.
/// </summary>
internal sealed class SamplingGroup : IDisposable
{
    private readonly List<MonitoredItem> _items = [];
    private readonly Timer _timer;

    public SamplingGroup(int intervalMs, TimerCallback tick)
    {
        IntervalMs = intervalMs;
        _timer = new Timer(tick, this, intervalMs, intervalMs);
    }

    public int IntervalMs { get; }

    public List<MonitoredItem> Items => _items;

    public void Add(MonitoredItem item)
    {
        item.GroupIndex = _items.Count;
        _items.Add(item);
        item.Group = this;
    }

    /// <summary>O(1): the last item takes the removed one's place, so deleting 10,000 items is not quadratic.</summary>
    public void Remove(MonitoredItem item)
    {
        var last = _items[^1];
        _items[item.GroupIndex] = last;
        last.GroupIndex = item.GroupIndex;
        _items.RemoveAt(_items.Count - 1);
        item.Group = null;
    }

    public void Dispose() => _timer.Dispose();
}
