using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Sync.Tests;

/// <summary>
/// A clock under test control. Each sleep wakes at the deadline plus a random wake-up latency, like a real
/// scheduler; <see cref="Stall"/> makes the next wake-up arbitrarily late.
/// </summary>
internal sealed class FakeClock(long startNs = 5_000_000_000, int seed = 1, long maxWakeLatencyNs = 0) : IClock
{
    public const long UtcOffsetNs = 1_700_000_000_000_000_000;

    private readonly Random _random = new(seed);
    private long _stallNs;

    public long MonotonicNowNs { get; set; } = startNs;

    public long UtcNowNs => ToUtcNs(MonotonicNowNs);

    public long ToUtcNs(long monotonicNs) => monotonicNs + UtcOffsetNs;

    public void SleepUntil(long deadlineNs)
    {
        var latency = maxWakeLatencyNs == 0 ? 0 : _random.NextInt64(maxWakeLatencyNs);
        MonotonicNowNs = Math.Max(MonotonicNowNs, deadlineNs) + latency + _stallNs;
        _stallNs = 0;
    }

    public void Stall(long ns) => _stallNs = ns;

    public void Advance(long ns) => MonotonicNowNs += ns;
}
