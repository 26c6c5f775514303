using System.Globalization;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Sync.Store;

// Usage: EdgeTwin.Store.CrashHost <directory> <flush-ms> <rate-hz>
// Appends channel 0 at <rate-hz> with value = index and timestamp = now, and after every commit prints
// "C <committed-sequence> <time-ns-of-that-sample>". Runs until killed.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: EdgeTwin.Store.CrashHost <directory> <flush-ms> <rate-hz>");
    return 2;
}

var flushMs = int.Parse(args[1], CultureInfo.InvariantCulture);
var rate = int.Parse(args[2], CultureInfo.InvariantCulture);
var clock = new SystemClock();
var options = new StoreOptions { Directory = args[0], FlushInterval = TimeSpan.FromMilliseconds(flushMs), BlockSamples = 256 };
using var store = SampleStore.Open(options, ["crash/host/value"], clock);
Console.Out.WriteLine("READY");
Console.Out.Flush();

var times = new Dictionary<long, long>();
var start = clock.MonotonicNowNs;
long appended = 0;
long lastReported = 0;
var batch = new Sample[1];
while (true)
{
    var due = (clock.MonotonicNowNs - start) * rate / 1_000_000_000L;
    while (appended < due)
    {
        batch[0] = new Sample(0, clock.UtcNowNs, appended, Quality.Good);
        if (store.Append(batch) != 1)
        {
            Console.Error.WriteLine("ingest buffer full");
            return 3;
        }

        appended++;
        times[appended] = batch[0].TimestampNs;
    }

    var committed = store.CommittedSequence(0);
    if (committed != lastReported)
    {
        lastReported = committed;
        Console.Out.WriteLine($"C {committed} {times[committed]}");
        Console.Out.Flush();
    }

    Thread.Sleep(1);
}
