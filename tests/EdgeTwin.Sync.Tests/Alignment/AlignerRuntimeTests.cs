using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Alignment;

namespace EdgeTwin.Sync.Tests.Alignment;

public sealed class AlignerRuntimeTests
{
    private const long Ms = 1_000_000;

    private sealed class Summing : IFrameConsumer
    {
        public double Sum;
        public long Frames;
        public long LastTimeNs;

        public void OnFrame(long frameTimeNs, ReadOnlySpan<FrameValue> values)
        {
            foreach (var v in values)
            {
                Sum += v.Value;
            }

            Frames++;
            LastTimeNs = frameTimeNs;
        }
    }

    [Fact]
    public void Publishing_and_producing_frames_allocates_nothing()
    {
        var clock = new FakeClock();
        var channels = Enumerable.Range(0, 16)
            .Select(i => new AlignedChannel(i, i % 4 == 0 ? Interpolation.Hold : Interpolation.Linear, i % 2 == 0 ? 1000 : 250, TimeSpan.FromMilliseconds(20)))
            .ToArray();
        var aligner = new Aligner(channels, clock);
        var consumer = new Summing();
        aligner.AddConsumer(consumer);
        var batch = new Sample[16];

        void Step()
        {
            var now = clock.UtcNowNs;
            var n = 0;
            for (var c = 0; c < 16; c++)
            {
                if (c % 2 == 0 || (now / Ms) % 4 == 0)
                {
                    batch[n++] = new Sample(c, now, c + ((now / Ms) % 1000), Quality.Good);
                }
            }

            aligner.Publish(batch.AsSpan(0, n));
            aligner.Poll(now);
            clock.Advance(Ms);
        }

        for (var i = 0; i < 2000; i++)
        {
            Step();
        }

        var framesBefore = consumer.Frames;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5000; i++)
        {
            Step();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(500, consumer.Frames - framesBefore);
        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(consumer.Sum));
    }

    [Fact]
    public void The_timer_loop_polls_on_an_absolute_schedule_and_stops_when_cancelled()
    {
        // Wake-ups up to 1 ms late, like a loaded scheduler; frames still land on the 10 ms grid, none missed.
        var clock = new FakeClock(maxWakeLatencyNs: Ms);
        var aligner = new Aligner([new AlignedChannel(0, Interpolation.Hold, 100, TimeSpan.FromSeconds(1))], clock);
        using var cts = new CancellationTokenSource();
        var consumer = new CancellingConsumer(cts, stopAfter: 50);
        aligner.AddConsumer(consumer);

        aligner.Run(cts.Token);

        Assert.Equal(50, consumer.Times.Count);
        var first = consumer.Times[0];
        Assert.Equal(0, first % aligner.FramePeriodNs);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => first + (i * 10 * Ms)), consumer.Times);
        Assert.InRange(clock.UtcNowNs - consumer.Times[^1], 0, 5 * Ms);
    }

    private sealed class CancellingConsumer(CancellationTokenSource cts, int stopAfter) : IFrameConsumer
    {
        public List<long> Times { get; } = [];

        public void OnFrame(long frameTimeNs, ReadOnlySpan<FrameValue> values)
        {
            Times.Add(frameTimeNs);
            if (Times.Count == stopAfter)
            {
                cts.Cancel();
            }
        }
    }

    [Fact]
    public void A_throwing_consumer_is_counted_and_the_others_still_get_every_frame()
    {
        var clock = new FakeClock();
        var aligner = new Aligner([new AlignedChannel(0, Interpolation.Hold, 100, TimeSpan.FromSeconds(1))], clock);
        aligner.AddConsumer(new Throwing());
        var good = new Summing();
        aligner.AddConsumer(good);

        for (var i = 0; i < 10; i++)
        {
            aligner.Poll(clock.UtcNowNs);
            clock.Advance(10 * Ms);
        }

        Assert.Equal(10, good.Frames);
        Assert.Equal(10, aligner.Frames.ConsumerFaults);
    }

    private sealed class Throwing : IFrameConsumer
    {
        public void OnFrame(long frameTimeNs, ReadOnlySpan<FrameValue> values) => throw new InvalidOperationException("consumer bug");
    }

    [Fact]
    public void Concurrent_publishers_and_the_timer_thread_produce_consistent_frames()
    {
        // Four bus threads, eight channels each, all publishing value = sample time in ms (a ramp), while the
        // test thread polls: every interpolated value must equal its frame time, whatever the interleaving.
        const int threads = 4, perThread = 8, samples = 20_000;
        var channels = Enumerable.Range(0, threads * perThread)
            .Select(i => new AlignedChannel(i, Interpolation.Linear, 1000, TimeSpan.FromMilliseconds(50)))
            .ToArray();
        var clock = new FakeClock();
        var start = clock.UtcNowNs;
        var aligner = new Aligner(channels, clock, new AlignerOptions { LatencyBudget = TimeSpan.FromSeconds(10) });
        var checker = new RampChecker(start);
        aligner.AddConsumer(checker);
        var progress = Enumerable.Repeat(-1L, threads).ToArray();
        var polled = -1L;

        var publishers = Enumerable.Range(0, threads).Select(th => new Thread(() =>
        {
            var batch = new Sample[perThread];
            for (long k = 0; k < samples; k++)
            {
                // Stay within 500 ms of the slowest bus, as real buses sharing one clock do, and of the last
                // poll, as a real timer thread is: the rings hold MaxBacklog + LatencyBudget of history, not an
                // unbounded lead, and a poller starved by a loaded machine must not look like a 1 s time jump.
                while (k - progress.Min() > 500 || k - Volatile.Read(ref polled) > 500)
                {
                    Thread.Yield();
                }

                for (var c = 0; c < perThread; c++)
                {
                    batch[c] = new Sample((th * perThread) + c, start + (k * Ms), k, Quality.Good);
                }

                aligner.Publish(batch);
                Volatile.Write(ref progress[th], k);
            }
        })).ToList();
        publishers.ForEach(t => t.Start());
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (publishers.Any(t => t.IsAlive) && DateTime.UtcNow < deadline)
        {
            // "Now" is the slowest publisher's progress, as a real clock would be just after it.
            var slowest = progress.Min();
            if (slowest >= 0)
            {
                aligner.Poll(start + (slowest * Ms));
                Volatile.Write(ref polled, slowest);
            }
        }

        publishers.ForEach(t => Assert.True(t.Join(TimeSpan.FromSeconds(10))));
        aligner.Poll(start + ((samples - 1) * Ms));

        Assert.True(checker.Mismatches == 0, $"{checker.Mismatches} mismatches, first {checker.First}");
        Assert.Equal(0, aligner.Frames.FramesSkipped);
        // Frames start at the first poll and then follow the grid without a gap up to the last sample.
        Assert.Equal(start + ((samples - 10) * Ms), checker.LastNs);
        Assert.Equal(((checker.LastNs - checker.FirstNs) / (10 * Ms)) + 1, checker.Frames);
        Assert.Equal(0, aligner.Frames.FramesLate);
    }

    private sealed class RampChecker(long startNs) : IFrameConsumer
    {
        public long Frames;
        public long Mismatches;
        public string? First;

        public long FirstNs = long.MinValue;
        public long LastNs;

        public void OnFrame(long frameTimeNs, ReadOnlySpan<FrameValue> values)
        {
            Frames++;
            FirstNs = FirstNs == long.MinValue ? frameTimeNs : FirstNs;
            LastNs = frameTimeNs;
            var expected = (frameTimeNs - startNs) / (double)Ms;
            foreach (var v in values)
            {
                if (v.Quality != Quality.Good || Math.Abs(v.Value - expected) > 1e-9)
                {
                    Mismatches++;
                    First ??= $"frame {expected} ms: {v}";
                }
            }
        }
    }
}
