using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Drivers.Benchmarks;

/// <summary>Simulated time the benchmark moves by hand, so each read sees a fresh sample without waiting.</summary>
internal sealed class SteppingClock : IClock
{
    public long MonotonicNowNs { get; set; } = 1_000_000_000;

    public long UtcNowNs => ToUtcNs(MonotonicNowNs);

    public long ToUtcNs(long monotonicNs) => monotonicNs + 1_700_000_000_000_000_000;

    public void SleepUntil(long deadlineNs) => MonotonicNowNs = Math.Max(MonotonicNowNs, deadlineNs);
}
