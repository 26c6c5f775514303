using System.Diagnostics;
using System.Globalization;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Store.Benchmarks;
using EdgeTwin.Sync.Store;

// dotnet run -c Release --project bench/EdgeTwin.Store.Benchmarks -- throughput [samples]
// dotnet run -c Release --project bench/EdgeTwin.Store.Benchmarks -- realtime [seconds] [full|normal] [page-size]
// dotnet run -c Release --project bench/EdgeTwin.Store.Benchmarks -- drain [samples] [replay-samples-per-second]
var mode = args.Length > 0 ? args[0] : "throughput";
var directory = Directory.CreateTempSubdirectory("edgetwin-store-bench-").FullName;
try
{
    return mode switch
    {
        "throughput" => await Throughput(directory, args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 20_000_000),
        "realtime" => await Realtime(directory, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30,
            args.Length <= 2 || args[2] != "normal", args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1024),
        "drain" => await BacklogDrain.RunAsync(directory, args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000,
            args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 10_000_000),
        _ => Usage(),
    };
}
finally
{
    Directory.Delete(directory, recursive: true);
}

static int Usage()
{
    Console.Error.WriteLine("usage: throughput [samples] | realtime [seconds] [full|normal] [page-size] | drain [samples] [replay-samples-per-second]");
    return 2;
}

// As fast as the writer takes it: 24 fast channels, simulated time, the producer backs off when the ingest buffer is full.
static async Task<int> Throughput(string directory, long target)
{
    var load = new PlantLoad(fastChannels: 24, slowChannels: 16);
    var options = new StoreOptions { Directory = directory, IngestCapacity = 1 << 18 };
    var batch = new Sample[load.FastChannels + load.SlowChannels];
    var pregenerated = new List<Sample>();
    for (long ms = 0; pregenerated.Count < 2_000_000; ms++)
    {
        var n = load.Fill(ms, 0, batch);
        pregenerated.AddRange(batch.AsSpan(0, n));
    }

    var samples = pregenerated.ToArray();
    var period = samples.Length;
    var spanNs = (samples[^1].TimestampNs / 1_000_000 + 1) * 1_000_000;
    var t0 = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
    var shifted = new Sample[1024];
    var io0 = ProcessIo.WriteBytes();
    var allocated0 = GC.GetAllocatedBytesForCurrentThread();
    long rejected = 0;
    var watch = Stopwatch.StartNew();
    long appended;
    await using (var store = SampleStore.Open(options, load.Paths, new SystemClock()))
    {
        appended = 0;
        long round = 0;
        while (appended < target)
        {
            var offset = (int)(appended % period);
            var n = Math.Min(shifted.Length, period - offset);
            var shift = t0 + (round * spanNs);
            for (var i = 0; i < n; i++)
            {
                var s = samples[offset + i];
                shifted[i] = s with { TimestampNs = s.TimestampNs + shift };
            }

            var taken = store.Append(shifted.AsSpan(0, n));
            rejected += n - taken;
            appended += taken;
            if (taken < n)
            {
                Thread.Sleep(1);
            }

            if (offset + taken == period)
            {
                round++;
            }
        }

        await store.FlushAsync();
        watch.Stop();
        Report("throughput", store, appended, rejected, watch.Elapsed, directory, io0,
            GC.GetAllocatedBytesForCurrentThread() - allocated0);
    }

    Console.WriteLine($"  after close: {new FileInfo(Path.Combine(directory, "store.db")).Length / (double)appended:F3} file bytes/sample, {(ProcessIo.WriteBytes() - io0) / (double)appended:F3} written bytes/sample");
    Layout(directory);
    return 0;
}

// The plant in real time: 12 channels at 1 kHz + 24 at 10 Hz, a 100 ms flush interval, as on the device.
static async Task<int> Realtime(string directory, int seconds, bool syncEveryFlush, int pageSize)
{
    var load = new PlantLoad(fastChannels: 12, slowChannels: 24);
    var options = new StoreOptions { Directory = directory, SyncEveryFlush = syncEveryFlush, PageSize = pageSize };
    var clock = new SystemClock();
    var batch = new Sample[load.FastChannels + load.SlowChannels];
    var io0 = ProcessIo.WriteBytes();
    var watch = Stopwatch.StartNew();
    long appended = 0;
    await using (var store = SampleStore.Open(options, load.Paths, clock))
    {
        var t0 = clock.UtcNowNs;
        var start = clock.MonotonicNowNs;
        for (long ms = 0; ms < seconds * 1000L; ms++)
        {
            clock.SleepUntil(start + (ms * 1_000_000L));
            var n = load.Fill(ms, t0, batch);
            appended += store.Append(batch.AsSpan(0, n));
        }

        await store.FlushAsync();
        watch.Stop();
        Report($"realtime sync={(syncEveryFlush ? "full" : "normal")} page={pageSize}", store, appended, 0, watch.Elapsed, directory, io0, 0);
    }

    var written = ProcessIo.WriteBytes() - io0;
    Console.WriteLine($"  after close: {new FileInfo(Path.Combine(directory, "store.db")).Length / (double)appended:F3} file bytes/sample, "
        + $"{written / (double)appended:F3} written bytes/sample, {written / 1024.0 / seconds:F1} KiB written/s");
    Layout(directory);
    return 0;
}

// Where the bytes went: compressed payload versus SQLite pages.
static void Layout(string directory)
{
    using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, "store.db")};Pooling=False;Mode=ReadOnly");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT sum(length(payload)), sum(count), count(*) FROM block";
    using var reader = command.ExecuteReader();
    reader.Read();
    var payload = reader.GetInt64(0);
    var samples = reader.GetInt64(1);
    var tail = new FileInfo(Path.Combine(directory, "store.db.tail"));
    Console.WriteLine($"  blocks: {reader.GetInt64(2):N0} rows, payload {payload / (double)samples:F3} bytes/sample; tail log after close {(tail.Exists ? tail.Length : 0)} B");
}

static void Report(string name, SampleStore store, long appended, long rejected, TimeSpan elapsed, string directory, long io0, long allocated)
{
    var status = store.Status;
    var file = new FileInfo(Path.Combine(directory, "store.db")).Length;
    var wal = File.Exists(Path.Combine(directory, "store.db-wal")) ? new FileInfo(Path.Combine(directory, "store.db-wal")).Length : 0;
    Console.WriteLine($"{name}: {appended:N0} samples in {elapsed.TotalSeconds:F2} s = {appended / elapsed.TotalSeconds:N0} samples/s");
    Console.WriteLine($"  committed {status.CommittedSamples:N0}, commits {status.Commits:N0}; store's dropped counter {status.DroppedSamples:N0}, "
        + $"of which {rejected:N0} ingest-buffer-full rejections the producer appended again");
    Console.WriteLine($"  stored: {status.DatabaseBytes / (double)appended:F3} bytes/sample in pages in use ({file:N0} B db + {wal:N0} B wal)");
    Console.WriteLine($"  written: {(ProcessIo.WriteBytes() - io0) / (double)appended:F3} bytes/sample (/proc/self/io write_bytes, before the closing checkpoint)");
    if (allocated > 0)
    {
        Console.WriteLine($"  producer thread allocated {allocated:N0} B ({allocated / (double)appended:F4} B/sample)");
    }
}
