namespace EdgeTwin.Sync.Alignment;

public sealed class AlignerOptions
{
    /// <summary>The twin rate: frames are produced on the UTC grid of multiples of 1/FrameRateHz.</summary>
    public double FrameRateHz { get; init; } = 100;

    /// <summary>How long after its time a frame may wait for late channels before it goes out with what it has.</summary>
    public TimeSpan LatencyBudget { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// How far behind the clock, beyond the latency budget, frame production may fall (timer thread stalled) before the missed frames are
    /// skipped rather than produced in a burst. Also sizes the rings: they hold this much history.
    /// </summary>
    public TimeSpan MaxBacklog { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often <see cref="Aligner.Run"/> polls; zero means a quarter of the frame period.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.Zero;
}
