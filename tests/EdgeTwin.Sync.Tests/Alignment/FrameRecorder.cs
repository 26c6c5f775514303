using EdgeTwin.Drivers.Time;
using EdgeTwin.Sync.Alignment;

namespace EdgeTwin.Sync.Tests.Alignment;

/// <summary>Keeps a copy of every frame and the clock time it arrived at.</summary>
internal sealed class FrameRecorder(IClock clock) : IFrameConsumer
{
    public List<RecordedFrame> Frames { get; } = [];

    public void OnFrame(long frameTimeNs, ReadOnlySpan<FrameValue> values) =>
        Frames.Add(new RecordedFrame(frameTimeNs, clock.UtcNowNs, values.ToArray()));
}

internal sealed record RecordedFrame(long TimeNs, long EmittedNs, FrameValue[] Values);
