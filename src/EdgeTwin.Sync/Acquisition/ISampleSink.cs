using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Sync.Acquisition;

/// <summary>
/// Receives samples from an acquisition thread. Called concurrently from several bus threads (each channel
/// always from the same one); implementations must not block and must not keep the span.
/// </summary>
public interface ISampleSink
{
    void Publish(ReadOnlySpan<Sample> samples);
}
