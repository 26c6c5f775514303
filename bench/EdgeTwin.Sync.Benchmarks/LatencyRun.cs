using System.Globalization;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Sync.Alignment;

namespace EdgeTwin.Sync.Benchmarks;

/// <summary>
/// Input-to-frame latency in real time: 32 channels (8 each at 1 kHz, 500 Hz, 100 Hz, 10 Hz) published by
/// four bus threads with the system clock's timestamps, the aligner's own timer thread at 100 Hz. For each
/// frame, latency = emission time − newest sample time it used (channel 0, 1 kHz, as the aligner records it), and
/// frame lag = delivery time − frame time. Also the bytes allocated by the timer thread per frame.
/// </summary>
internal static class LatencyRun
{
    private static readonly int[] RatesHz = [1000, 500, 100, 10];

    public static void Run(double seconds, bool onePollPerFrame)
    {
        var clock = new SystemClock();
        var channels = Enumerable.Range(0, 32)
            .Select(i => new AlignedChannel(i, i % 8 == 7 ? Interpolation.Hold : Interpolation.Linear, RatesHz[i / 8], TimeSpan.FromMilliseconds(250)))
            .ToArray();
        var options = new AlignerOptions
        {
            LatencyBudget = TimeSpan.FromMilliseconds(120),
            PollInterval = onePollPerFrame ? TimeSpan.FromMilliseconds(10) : TimeSpan.Zero,
        };
        var aligner = new Aligner(channels, clock, options);
        var recorder = new Recorder(clock, aligner, (int)(seconds * 100) + 100);
        aligner.AddConsumer(recorder);

        using var stop = new CancellationTokenSource();
        var buses = RatesHz.Select((rate, bus) => new Thread(() => Publish(aligner, clock, bus, rate, stop.Token)) { IsBackground = true }).ToList();
        buses.ForEach(t => t.Start());
        long allocated = 0;
        var timer = new Thread(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            aligner.Run(stop.Token);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }) { IsBackground = true };
        timer.Start();
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        stop.Cancel();
        timer.Join();
        buses.ForEach(t => t.Join());

        var frames = aligner.Frames.FramesEmitted;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"poll={(onePollPerFrame ? "frame period" : "quarter period")} frames={frames} late={aligner.Frames.FramesLate} skipped={aligner.Frames.FramesSkipped}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"input-to-frame latency (1 kHz channel): p50 {recorder.Percentile(recorder.InputLatency, 0.50) / 1e6:0.00} ms, p99 {recorder.Percentile(recorder.InputLatency, 0.99) / 1e6:0.00} ms, max {recorder.Percentile(recorder.InputLatency, 1) / 1e6:0.00} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"frame lag (delivery − frame time): p50 {recorder.Percentile(recorder.FrameLag, 0.50) / 1e6:0.00} ms, p99 {recorder.Percentile(recorder.FrameLag, 0.99) / 1e6:0.00} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timer thread bytes allocated per frame: {(double)allocated / Math.Max(1, frames):0.0}"));
    }

    private static void Publish(Aligner aligner, SystemClock clock, int bus, int rateHz, CancellationToken token)
    {
        var batch = new Sample[8];
        var period = 1_000_000_000L / rateHz;
        var deadline = clock.MonotonicNowNs;
        while (!token.IsCancellationRequested)
        {
            deadline += period;
            clock.SleepUntil(deadline);
            var now = clock.UtcNowNs;
            for (var c = 0; c < 8; c++)
            {
                batch[c] = new Sample((bus * 8) + c, now, Math.Sin(now * 1e-9 * (c + 1)), Quality.Good);
            }

            aligner.Publish(batch);
        }
    }

    private sealed class Recorder(IClock clock, Aligner aligner, int capacity) : IFrameConsumer
    {
        public long[] InputLatency { get; } = new long[capacity];

        public long[] FrameLag { get; } = new long[capacity];

        public int Count { get; private set; }

        public void OnFrame(long frameTimeNs, ReadOnlySpan<FrameValue> values)
        {
            if (Count < InputLatency.Length)
            {
                var now = clock.UtcNowNs;
                FrameLag[Count] = now - frameTimeNs;
                // Emission time − newest sample used, as the aligner measured it for this frame (channel 0, 1 kHz).
                InputLatency[Count] = aligner.Statistics(0).LatencyLastNs;
                Count++;
            }
        }

        public double Percentile(long[] values, double p)
        {
            var sorted = values.AsSpan(0, Count).ToArray();
            Array.Sort(sorted);
            return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * (sorted.Length - 1)))];
        }
    }
}
