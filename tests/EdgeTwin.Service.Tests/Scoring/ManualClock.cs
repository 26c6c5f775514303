using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Service.Tests.Scoring;

/// <summary>Simulated time: a sleep jumps straight to its deadline, so minutes of plant run in seconds.</summary>
internal sealed class ManualClock(long startNs = 1_000_000_000) : IClock
{
    public const long UtcOffsetNs = 1_767_225_600_000_000_000; // 2026-01-01T00:00:00Z

    public long MonotonicNowNs { get; private set; } = startNs;

    public long UtcNowNs => ToUtcNs(MonotonicNowNs);

    public long ToUtcNs(long monotonicNs) => monotonicNs + UtcOffsetNs;

    public void SleepUntil(long deadlineNs) => MonotonicNowNs = Math.Max(MonotonicNowNs, deadlineNs);
}
