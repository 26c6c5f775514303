using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Drivers.Tests;

/// <summary>A clock the test moves by hand; sleeping jumps straight to the deadline.</summary>
internal sealed class ManualClock(long startNs = 1_000_000_000) : IClock
{
    public long MonotonicNowNs { get; set; } = startNs;

    public long UtcNowNs => ToUtcNs(MonotonicNowNs);

    public long ToUtcNs(long monotonicNs) => monotonicNs + 1_700_000_000_000_000_000;

    public void SleepUntil(long deadlineNs) => MonotonicNowNs = Math.Max(MonotonicNowNs, deadlineNs);

    public void Advance(TimeSpan by) => MonotonicNowNs += by.Ticks * 100;
}
