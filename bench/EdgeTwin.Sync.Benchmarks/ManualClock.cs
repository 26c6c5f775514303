using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Sync.Benchmarks;

/// <summary>A clock the benchmark moves by hand, so a frame's work does not depend on the wall clock.</summary>
internal sealed class ManualClock : IClock
{
    public long MonotonicNowNs { get; set; } = 1_000_000_000;

    public long UtcNowNs => ToUtcNs(MonotonicNowNs);

    public long ToUtcNs(long monotonicNs) => monotonicNs + 1_700_000_000_000_000_000;

    public void SleepUntil(long deadlineNs) => MonotonicNowNs = Math.Max(MonotonicNowNs, deadlineNs);
}
