namespace EdgeTwin.Sync.Alignment;

/// <summary>
/// Receives aligned frames on the aligner's timer thread. Must not block and must not keep the span: the
/// buffer is reused for the next frame.
/// </summary>
public interface IFrameConsumer
{
    /// <param name="frameTimeNs">The frame time, UTC nanoseconds, a multiple of the frame period.</param>
    /// <param name="values">One value per <see cref="AlignedChannel"/>, in configuration order.</param>
    void OnFrame(long frameTimeNs, ReadOnlySpan<FrameValue> values);
}
