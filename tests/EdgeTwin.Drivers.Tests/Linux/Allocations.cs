namespace EdgeTwin.Drivers.Tests.Linux;

internal static class Allocations
{
    /// <summary>Bytes allocated on this thread by <paramref name="action"/>, after one warm-up run.</summary>
    public static long Measure(Action action)
    {
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
