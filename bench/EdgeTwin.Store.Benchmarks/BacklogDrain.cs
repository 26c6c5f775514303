using System.Diagnostics;
using EdgeTwin.Bench.Shared;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Mqtt;
using EdgeTwin.Sync.Store;
using EdgeTwin.Sync.Uplink;

namespace EdgeTwin.Store.Benchmarks;

/// <summary>
/// Issue 3: a backlog of committed samples drained to a local mosquitto. The store is filled with the simulated
/// plant's channel mix (12 channels at 1 kHz, one at 10 Hz, like the gateway's 13 channels) stamped an hour ago, so
/// all of it is history; then <see cref="MqttUplink"/> starts and the clock runs until the PUBACK of the last sample.
/// </summary>
internal static class BacklogDrain
{
    public static async Task<int> RunAsync(string directory, long target, double replayRate)
    {
        var load = new PlantLoad(fastChannels: 12, slowChannels: 1);
        var clock = new SystemClock();
        var options = new StoreOptions { Directory = directory, IngestCapacity = 1 << 18 };
        await using var store = SampleStore.Open(options, load.Paths, clock);
        var t0 = clock.UtcNowNs - TimeSpan.FromHours(1).Ticks * 100;
        var batch = new Sample[load.FastChannels + load.SlowChannels];
        long appended = 0;
        for (long ms = 0; appended < target; ms++)
        {
            var n = (int)Math.Min(load.Fill(ms, t0, batch), target - appended);
            var slice = batch.AsSpan(0, n);
            while (!slice.IsEmpty)
            {
                var taken = store.Append(slice);
                slice = slice[taken..];
                if (!slice.IsEmpty)
                {
                    Thread.Sleep(1);
                }
            }

            appended += n;
        }

        await store.FlushAsync();
        var committed = Enumerable.Range(0, load.Paths.Length).Sum(c => store.CommittedSequence(c));
        Console.WriteLine($"store: {committed:N0} committed samples over {load.Paths.Length} channels, {store.Status.DatabaseBytes:N0} B in blocks");

        using var broker = await LocalBroker.StartAsync();
        var client = new MqttClientOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = "drain-bench" };
        var uplinkOptions = new UplinkOptions { Gateway = "bench", ReplaySamplesPerSecond = replayRate };
        await using var uplink = new MqttUplink(store, client, uplinkOptions, clock);
        using var stop = new CancellationTokenSource();
        var allocated0 = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var run = uplink.RunAsync(stop.Token);
        var deadline = TimeSpan.FromSeconds(120);
        while (uplink.Status.PublishedSamples < committed && watch.Elapsed < deadline && !run.IsCompleted)
        {
            await Task.Delay(1);
        }

        var drained = watch.Elapsed;
        var status = uplink.Status;
        while (Enumerable.Range(0, load.Paths.Length).Any(c => uplink.DurableCursor(c) < store.CommittedSequence(c)) && watch.Elapsed < deadline)
        {
            await Task.Delay(1);
        }

        var cursors = watch.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated0;
        await stop.CancelAsync();
        await run;
        Console.WriteLine($"drain (replay limit {replayRate:N0} samples/s): {status.PublishedSamples:N0} samples acknowledged in {status.PublishedMessages:N0} QoS 1 messages "
            + $"in {drained.TotalSeconds:F2} s = {status.PublishedSamples / drained.TotalSeconds:N0} samples/s; {status.FailedPublishes} refused");
        Console.WriteLine($"  every outbox cursor at the committed head after {cursors.TotalSeconds:F2} s; {allocated / (double)status.PublishedSamples:F1} B allocated per sample");
        return status.PublishedSamples >= committed ? 0 : 1;
    }
}
