namespace EdgeTwin.Drivers.Time;

/// <summary>
/// The production clock: CLOCK_MONOTONIC for order and intervals, plus an anchor that maps it onto UTC.
/// </summary>
/// <remarks>
/// The anchor is re-read from the wall clock by <see cref="Resynchronize"/>. A forward step (NTP setting the
/// time after a Pi boots without an RTC) is adopted at once: timestamps jump forward but stay increasing. A
/// backward step is slewed at <see cref="MaxSlewPpm"/> so UTC timestamps never run backwards, the same
/// bargain adjtime(3) makes. The slew is continuous in monotonic time (UTC advances at 1 − 500 ppm of the
/// monotonic rate until the offset is absorbed), not applied in per-resync chunks: a chunk would move two
/// samples read microseconds apart across a resync backwards. Each step is counted and the offset exposed.
/// </remarks>
public sealed class SystemClock : IClock
{
    /// <summary>Steps smaller than this are treated as noise between the two clock reads.</summary>
    public const long StepThresholdNs = 2_000_000;

    /// <summary>Maximum backward slew rate: 500 µs per second, like the kernel's adjtime limit.</summary>
    public const long MaxSlewPpm = 500;

    /// <summary>A wall-clock read bracketed by monotonic reads further apart than this was preempted; retry.</summary>
    private const long MaxReadBracketNs = 200_000;

    private readonly Func<long> _monotonicNs;
    private readonly Func<long> _realtimeNs;
    private Anchor _anchor;
    private long _stepCount;

    public SystemClock()
        : this(static () => MonotonicTime.NowNs, static () => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100)
    {
    }

    /// <summary>For tests: explicit monotonic and wall-clock sources (nanoseconds).</summary>
    internal SystemClock(Func<long> monotonicNs, Func<long> realtimeNs)
    {
        _monotonicNs = monotonicNs;
        _realtimeNs = realtimeNs;
        var (mono, wall) = ReadBoth();
        _anchor = new Anchor(mono, wall - mono, 0);
    }

    public long MonotonicNowNs => _monotonicNs();

    public long UtcNowNs => ToUtcNs(_monotonicNs());

    public long ToUtcNs(long monotonicNs) => monotonicNs + Volatile.Read(ref _anchor).OffsetAt(monotonicNs);

    public void SleepUntil(long deadlineNs) => MonotonicTime.SleepUntil(deadlineNs);

    /// <summary>Wall clock minus this clock's UTC, as of the last <see cref="Resynchronize"/>.</summary>
    public long WallClockOffsetNs { get; private set; }

    /// <summary>Number of wall-clock steps seen (forward or backward) since start.</summary>
    public long StepCount => Interlocked.Read(ref _stepCount);

    /// <summary>Backward offset still being slewed away, in nanoseconds (0 when in step).</summary>
    public long PendingSlewNs
    {
        get
        {
            var anchor = Volatile.Read(ref _anchor);
            return anchor.SlewNs - Math.Min(anchor.SlewNs, anchor.SlewedBy(_monotonicNs()));
        }
    }

    /// <summary>
    /// Compares the wall clock with the anchored monotonic clock and moves the anchor as described on the type.
    /// Call it from one thread at a modest rate (the host does so once a second).
    /// </summary>
    public void Resynchronize()
    {
        var (mono, wall) = ReadBoth();
        var current = Volatile.Read(ref _anchor);
        var offsetNow = current.OffsetAt(mono);
        var offset = wall - (mono + offsetNow);
        WallClockOffsetNs = offset;

        // A slew in progress is already taking the remaining offset off: only a further move of the wall
        // clock is a new step. Restarting the anchor from this instant keeps UTC continuous either way.
        var remaining = current.SlewNs - Math.Min(current.SlewNs, current.SlewedBy(mono));
        if (Math.Abs(offset + remaining) < StepThresholdNs)
        {
            return;
        }

        Interlocked.Increment(ref _stepCount);
        if (offset > 0)
        {
            Volatile.Write(ref _anchor, new Anchor(mono, offsetNow + offset, 0));
            WallClockOffsetNs = 0;
        }
        else
        {
            Volatile.Write(ref _anchor, new Anchor(mono, offsetNow, -offset));
        }
    }

    /// <summary>
    /// Reads both clocks as close together as possible: a wall-clock read bracketed by two monotonic reads,
    /// retried when preemption separated them, so scheduling noise on a loaded machine is not taken for a step.
    /// </summary>
    private (long Monotonic, long Wall) ReadBoth()
    {
        var best = (Monotonic: 0L, Wall: 0L);
        var bestBracket = long.MaxValue;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var before = _monotonicNs();
            var wall = _realtimeNs();
            var after = _monotonicNs();
            var bracket = after - before;
            if (bracket < bestBracket)
            {
                bestBracket = bracket;
                best = (before + (bracket / 2), wall);
            }

            if (bracket <= MaxReadBracketNs)
            {
                break;
            }
        }

        return best;
    }

    /// <summary>
    /// UTC = monotonic + offset, where the offset decreases from <see cref="BaseOffsetNs"/> at
    /// <see cref="MaxSlewPpm"/> from <see cref="StartNs"/> on, until <see cref="SlewNs"/> has been taken off.
    /// Immutable, swapped whole, so readers on other threads always see a consistent triple.
    /// </summary>
    private sealed record Anchor(long StartNs, long BaseOffsetNs, long SlewNs)
    {
        /// <summary>One nanosecond off per 2,000 elapsed: UTC still rises by 1,999 of them, never falls.</summary>
        public long SlewedBy(long monotonicNs) => Math.Max(0, monotonicNs - StartNs) / (1_000_000 / MaxSlewPpm);

        public long OffsetAt(long monotonicNs) =>
            SlewNs == 0 ? BaseOffsetNs : BaseOffsetNs - Math.Min(SlewNs, SlewedBy(monotonicNs));
    }
}
