using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Acquisition;

namespace EdgeTwin.Sync.Tests.Acquisition;

internal sealed class RecordingSink : ISampleSink
{
    public List<Sample> Samples { get; } = [];

    public void Publish(ReadOnlySpan<Sample> samples)
    {
        lock (Samples)
        {
            Samples.AddRange(samples.ToArray());
        }
    }
}
