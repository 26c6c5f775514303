using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Benchmarks;

/// <summary>Simulated time: a sleep jumps straight to its deadline, so the benchmark measures work, not waiting.</summary>
internal sealed class SteppingClock : IClock
{
    public long MonotonicNowNs { get; private set; } = 1_000_000_000;

    public long UtcNowNs => ToUtcNs(MonotonicNowNs);

    public long ToUtcNs(long monotonicNs) => monotonicNs + 1_700_000_000_000_000_000;

    public void SleepUntil(long deadlineNs) => MonotonicNowNs = Math.Max(MonotonicNowNs, deadlineNs);
}
