namespace EdgeTwin.Drivers.Time;

/// <summary>
/// The one source of time for acquisition. Monotonic time orders and spaces samples; UTC time stamps them.
/// Implementations guarantee that <see cref="UtcNowNs"/> never goes backwards, whatever the wall clock does.
/// </summary>
public interface IClock
{
    /// <summary>Monotonic nanoseconds from an arbitrary origin; never steps, never goes backwards.</summary>
    long MonotonicNowNs { get; }

    /// <summary>Nanoseconds since the Unix epoch (UTC), derived from the monotonic clock and a realtime anchor.</summary>
    long UtcNowNs { get; }

    /// <summary>Converts a monotonic reading of this clock to UTC nanoseconds.</summary>
    long ToUtcNs(long monotonicNs);

    /// <summary>Blocks the calling thread until the monotonic clock reaches <paramref name="deadlineNs"/>.</summary>
    void SleepUntil(long deadlineNs);
}
