using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Alignment;

namespace EdgeTwin.Sync.Tests.Alignment;

/// <summary>
/// Drives an aligner in 1 ms steps of a fake clock: each step publishes the samples due (a sample is due at
/// its timestamp plus its channel's transport delay) and then polls, as the timer thread would.
/// </summary>
internal sealed class AlignerHarness
{
    public const long Ms = 1_000_000;

    private readonly List<(long DueNs, Sample Sample)> _pending = [];

    public AlignerHarness(IReadOnlyList<AlignedChannel> channels, AlignerOptions? options = null)
    {
        Aligner = new Aligner(channels, Clock, options);
        Recorder = new FrameRecorder(Clock);
        Aligner.AddConsumer(Recorder);
    }

    public FakeClock Clock { get; } = new();

    public Aligner Aligner { get; }

    public FrameRecorder Recorder { get; }

    public long StartUtcNs { get; } = FakeClock.UtcOffsetNs + 5_000_000_000;

    /// <summary>Schedules a sample taken at <paramref name="timeNs"/> (UTC) that reaches the aligner <paramref name="delayNs"/> later.</summary>
    public void Schedule(int channel, long timeNs, double value, long delayNs = 0, Quality? quality = null) =>
        _pending.Add((timeNs + delayNs, new Sample(channel, timeNs, value, quality ?? Quality.Good)));

    public void RunFor(long durationNs)
    {
        _pending.Sort((a, b) => a.DueNs.CompareTo(b.DueNs));
        var next = 0;
        var end = Clock.UtcNowNs + durationNs;
        while (Clock.UtcNowNs <= end)
        {
            var now = Clock.UtcNowNs;
            while (next < _pending.Count && _pending[next].DueNs <= now)
            {
                Aligner.Publish([_pending[next].Sample]);
                next++;
            }

            Aligner.Poll(now);
            Clock.Advance(Ms);
        }

        _pending.RemoveRange(0, next);
    }
}
