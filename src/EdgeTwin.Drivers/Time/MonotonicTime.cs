using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EdgeTwin.Drivers.Time;

/// <summary>
/// CLOCK_MONOTONIC reads and absolute-deadline sleeps. Both use the same kernel clock, so a deadline computed
/// from <see cref="NowNs"/> is exactly the one <c>clock_nanosleep</c> waits for — no drift between the two.
/// </summary>
internal static partial class MonotonicTime
{
    private const int ClockMonotonic = 1;  // <linux/time.h>
    private const int TimerAbsTime = 1;    // <linux/time.h> TIMER_ABSTIME
    private const int Eintr = 4;

    // time_t and long are both pointer-sized on the ABIs we target (x86-64, arm64, 32-bit ARM with 32-bit time_t).
    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    private static readonly bool UseLibc = OperatingSystem.IsLinux();

    public static long NowNs
    {
        get
        {
            if (UseLibc && clock_gettime(ClockMonotonic, out var ts) == 0)
            {
                return ts.Seconds * 1_000_000_000L + ts.Nanoseconds;
            }

            return (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
        }
    }

    /// <summary>Sleeps until CLOCK_MONOTONIC reaches the deadline; returns at once if it already has.</summary>
    public static void SleepUntil(long deadlineNs)
    {
        if (!UseLibc)
        {
            var remainingMs = (deadlineNs - NowNs) / 1_000_000;
            if (remainingMs > 0)
            {
                Thread.Sleep((int)Math.Min(remainingMs, int.MaxValue));
            }

            return;
        }

        var deadline = new Timespec
        {
            Seconds = (nint)(deadlineNs / 1_000_000_000L),
            Nanoseconds = (nint)(deadlineNs % 1_000_000_000L),
        };

        // clock_nanosleep returns the error number directly (not via errno). With TIMER_ABSTIME an interrupted
        // sleep is simply restarted with the same deadline: signals can never make us drift.
        int rc;
        do
        {
            rc = clock_nanosleep(ClockMonotonic, TimerAbsTime, in deadline, IntPtr.Zero);
        }
        while (rc == Eintr);
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int clock_gettime(int clockId, out Timespec ts);

    [LibraryImport("libc", SetLastError = false)]
    private static partial int clock_nanosleep(int clockId, int flags, in Timespec request, IntPtr remain);
}
