using System.Diagnostics;
using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Sync.Tests.Store;

/// <summary>Real monotonic time (the writer schedules on it) with a UTC clock the test can set.</summary>
internal sealed class TestClock : IClock
{
    private long _utcOffsetNs = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    public long MonotonicNowNs => (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));

    public long UtcNowNs => MonotonicNowNs + Volatile.Read(ref _utcOffsetNs) - Origin;

    public long ToUtcNs(long monotonicNs) => monotonicNs + Volatile.Read(ref _utcOffsetNs) - Origin;

    public void SleepUntil(long deadlineNs) => Thread.Sleep(TimeSpan.FromTicks(Math.Max(0, (deadlineNs - MonotonicNowNs) / 100)));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcOffsetNs, by.Ticks * 100);

    private static readonly long Origin = (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
}
