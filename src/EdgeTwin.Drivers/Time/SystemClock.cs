namespace EdgeTwin.Drivers.Time;

/// <summary>
/// The production clock: CLOCK_MONOTONIC for order and intervals, plus an anchor that maps it onto UTC.
/// </summary>
/// <remarks>
/// The anchor is re-read from the wall clock by <see cref="Resynchronize"/>. A forward step (NTP setting the
/// time after a Pi boots without an RTC) is adopted at once: timestamps jump forward but stay increasing. A
/// backward step is slewed at <see cref="MaxSlewPpm"/> so UTC timestamps never run backwards, the same
/// bargain adjtime(3) makes. Each step is counted and the current offset is exposed.
/// </remarks>
public sealed class SystemClock : IClock
{
    /// <summary>Steps smaller than this are treated as noise between the two clock reads.</summary>
    public const long StepThresholdNs = 2_000_000;

    /// <summary>Maximum backward slew rate: 500 µs per second, like the kernel's adjtime limit.</summary>
    public const long MaxSlewPpm = 500;

    private long _anchorNs;
    private long _lastResyncMonotonicNs;
    private long _stepCount;

    public SystemClock()
    {
        _lastResyncMonotonicNs = MonotonicTime.NowNs;
        _anchorNs = RealtimeNs() - _lastResyncMonotonicNs;
    }

    public long MonotonicNowNs => MonotonicTime.NowNs;

    public long UtcNowNs => ToUtcNs(MonotonicTime.NowNs);

    public long ToUtcNs(long monotonicNs) => monotonicNs + Volatile.Read(ref _anchorNs);

    public void SleepUntil(long deadlineNs) => MonotonicTime.SleepUntil(deadlineNs);

    /// <summary>Wall clock minus this clock's UTC, as of the last <see cref="Resynchronize"/>.</summary>
    public long WallClockOffsetNs { get; private set; }

    /// <summary>Number of wall-clock steps seen (forward or backward) since start.</summary>
    public long StepCount => Interlocked.Read(ref _stepCount);

    /// <summary>
    /// Compares the wall clock with the anchored monotonic clock and moves the anchor as described on the type.
    /// Call it from one thread at a modest rate (the host does so once a second).
    /// </summary>
    public void Resynchronize()
    {
        var mono = MonotonicTime.NowNs;
        var offset = RealtimeNs() - (mono + _anchorNs);
        WallClockOffsetNs = offset;
        var sinceLast = Math.Max(0, mono - _lastResyncMonotonicNs);
        _lastResyncMonotonicNs = mono;

        if (Math.Abs(offset) < StepThresholdNs)
        {
            return;
        }

        Interlocked.Increment(ref _stepCount);
        if (offset > 0)
        {
            Volatile.Write(ref _anchorNs, _anchorNs + offset);
            WallClockOffsetNs = 0;
        }
        else
        {
            // Slew: move back by at most MaxSlewPpm of the elapsed time, so mono + anchor still increases.
            var maxBack = sinceLast * MaxSlewPpm / 1_000_000;
            Volatile.Write(ref _anchorNs, _anchorNs - Math.Min(-offset, maxBack));
        }
    }

    private static long RealtimeNs() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
}
