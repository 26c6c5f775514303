using System.Collections.Concurrent;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Sync.Alignment;

namespace EdgeTwin.Sync.Tests.Alignment;

/// <summary>
/// Consumers join and leave an aligner that is already producing frames (the gateway's scoring and OPC UA attach
/// to the twin's running aligner).
/// </summary>
public sealed class AlignerConsumerTests
{
    private const long Ms = 1_000_000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void A_consumer_added_while_the_timer_thread_runs_gets_every_later_frame_and_none_after_removal()
    {
        var aligner = new Aligner([new AlignedChannel(0, Interpolation.Linear, 1000, TimeSpan.FromSeconds(1))], new SystemClock());
        var always = new Recording();
        aligner.AddConsumer(always);
        using var stop = new CancellationTokenSource();
        var timer = new Thread(() => aligner.Run(stop.Token)) { IsBackground = true };
        timer.Start();
        try
        {
            WaitFor(() => always.Count >= 5, "the timer thread to produce frames");

            var late = new Recording();
            aligner.AddConsumer(late);
            WaitFor(() => late.Count >= 20, "the late consumer to see frames");
            Assert.True(aligner.RemoveConsumer(late));
            var atRemoval = late.Count;
            var alwaysAtRemoval = always.Count;
            WaitFor(() => always.Count >= alwaysAtRemoval + 20, "frames after the removal");

            // A frame being emitted at the moment of removal may still arrive, nothing after it.
            Assert.InRange(late.Count, atRemoval, atRemoval + 1);
            Assert.False(aligner.RemoveConsumer(late));

            // From its first frame on, the late consumer saw exactly the frames the other one saw.
            var seen = late.Times();
            var first = always.Times().IndexOf(seen[0]);
            Assert.True(first >= 5, "the late consumer joined after the timer thread had started");
            Assert.Equal(always.Times().GetRange(first, seen.Count), seen);
            Assert.All(seen, t => Assert.Equal(0, t % aligner.FramePeriodNs));
        }
        finally
        {
            stop.Cancel();
            Assert.True(timer.Join(Patience));
        }
    }

    [Fact]
    public void Consumers_added_and_removed_from_other_threads_during_polls_are_never_lost_or_torn()
    {
        // Eight threads each add a consumer of their own and remove it again, 500 times, while this thread polls.
        // A lost update of the copied-on-write list would drop the permanent consumer or a thread's own one.
        var clock = new FakeClock();
        var aligner = new Aligner([new AlignedChannel(0, Interpolation.Hold, 100, TimeSpan.FromSeconds(1))], clock);
        var permanent = new Recording();
        aligner.AddConsumer(permanent);
        var done = 0;
        var failures = new ConcurrentQueue<string>();
        var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                var mine = new Recording();
                aligner.AddConsumer(mine);
                if (!aligner.RemoveConsumer(mine))
                {
                    failures.Enqueue("an added consumer was not found for removal");
                }
            }

            Interlocked.Increment(ref done);
        })).ToList();
        threads.ForEach(t => t.Start());
        var deadline = DateTime.UtcNow + Patience;
        var polls = 0;
        while (Volatile.Read(ref done) < threads.Count && DateTime.UtcNow < deadline)
        {
            clock.Advance(10 * Ms);
            polls += aligner.Poll(clock.UtcNowNs);
        }

        threads.ForEach(t => Assert.True(t.Join(Patience)));
        Assert.Empty(failures);
        Assert.Equal(polls, permanent.Count);

        var after = new Recording();
        aligner.AddConsumer(after);
        clock.Advance(10 * Ms);
        aligner.Poll(clock.UtcNowNs);
        Assert.Equal(1, after.Count);
        Assert.Equal(polls + 1, permanent.Count);
    }

    [Fact]
    public void Removing_a_consumer_keeps_the_others_in_order()
    {
        var clock = new FakeClock();
        var aligner = new Aligner([new AlignedChannel(0, Interpolation.Hold, 100, TimeSpan.FromSeconds(1))], clock);
        var order = new List<string>();
        var a = new Named("a", order);
        var b = new Named("b", order);
        var c = new Named("c", order);
        aligner.AddConsumer(a);
        aligner.AddConsumer(b);
        aligner.AddConsumer(c);
        Assert.True(aligner.RemoveConsumer(b));
        clock.Advance(10 * Ms);
        aligner.Publish([new Sample(0, clock.UtcNowNs, 1, Quality.Good)]);
        Assert.Equal(1, aligner.Poll(clock.UtcNowNs));
        Assert.Equal(["a", "c"], order);
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            Thread.Sleep(5);
        }
    }

    private sealed class Recording : IFrameConsumer
    {
        private readonly List<long> _times = [];

        public int Count
        {
            get
            {
                lock (_times)
                {
                    return _times.Count;
                }
            }
        }

        public List<long> Times()
        {
            lock (_times)
            {
                return [.. _times];
            }
        }

        public void OnFrame(long frameTimeNs, ReadOnlySpan<FrameValue> values)
        {
            lock (_times)
            {
                _times.Add(frameTimeNs);
            }
        }
    }

    private sealed class Named(string name, List<string> order) : IFrameConsumer
    {
        public void OnFrame(long frameTimeNs, ReadOnlySpan<FrameValue> values) => order.Add(name);
    }
}
