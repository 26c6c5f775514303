using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Service.Scoring;

/// <summary>Time that only moves when told: replaying stored samples through an aligner (<c>train</c>).</summary>
internal sealed class ReplayClock : IClock
{
    public long MonotonicNowNs { get; set; }

    public long UtcNowNs => MonotonicNowNs;

    public long ToUtcNs(long monotonicNs) => monotonicNs;

    public void SleepUntil(long deadlineNs) => MonotonicNowNs = Math.Max(MonotonicNowNs, deadlineNs);
}
