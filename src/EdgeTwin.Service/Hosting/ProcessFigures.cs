using System.Diagnostics;
using System.Globalization;

namespace EdgeTwin.Service.Hosting;

/// <summary>
/// The gateway's own footprint since the previous call: CPU share of one core, resident memory, managed heap, the
/// allocation rate and GC counts. Logged with the status, so a unit that has run for months shows whether it is
/// still inside the edge budget, and the budget harness reads the allocation rate from it.
/// </summary>
internal sealed class ProcessFigures
{
    private long _timestamp = Stopwatch.GetTimestamp();
    private TimeSpan _cpu = Environment.CpuUsage.TotalTime;
    private long _allocated = GC.GetTotalAllocatedBytes();

    public string Next()
    {
        var now = Stopwatch.GetTimestamp();
        var cpu = Environment.CpuUsage.TotalTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var seconds = Math.Max(1e-3, Stopwatch.GetElapsedTime(_timestamp, now).TotalSeconds);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"cpu {(cpu - _cpu).TotalSeconds / seconds * 100:0.0} % of a core, rss {Environment.WorkingSet / 1048576.0:0.0} MB, " +
            $"managed heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:0.0} MB, allocated {(allocated - _allocated) / seconds / 1024:0} KB/s, " +
            $"GCs gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
        (_timestamp, _cpu, _allocated) = (now, cpu, allocated);
        return text;
    }
}
