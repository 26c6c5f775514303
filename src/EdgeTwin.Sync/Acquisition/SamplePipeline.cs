using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Twin;

namespace EdgeTwin.Sync.Acquisition;

/// <summary>
/// The one-directional sample path after acquisition: twin state first, then the derived channels computed
/// from it (encoder position and velocity), then every downstream consumer (store, aligner, …).
/// </summary>
/// <remarks>
/// Runs on the bus thread that produced the samples. Derivations are keyed by source channel, and a channel
/// is always produced by one bus thread, so each derivation's state is touched by one thread only.
/// </remarks>
public sealed class SamplePipeline : ISampleSink
{
    private readonly TwinState _twin;
    private readonly EncoderKinematics?[] _derivations;
    private ISampleSink[] _consumers = [];

    public SamplePipeline(TwinState twin, IEnumerable<EncoderKinematics> derivations)
    {
        ArgumentNullException.ThrowIfNull(twin);
        ArgumentNullException.ThrowIfNull(derivations);
        _twin = twin;
        _derivations = new EncoderKinematics?[twin.Channels.Count];
        foreach (var d in derivations)
        {
            _derivations[d.SourceChannel] = d;
        }
    }

    /// <summary>Adds a downstream consumer. Call before acquisition starts.</summary>
    public void AddConsumer(ISampleSink consumer) => _consumers = [.. _consumers, consumer];

    public void Publish(ReadOnlySpan<Sample> samples)
    {
        Forward(samples);
        foreach (ref readonly var sample in samples)
        {
            var derivation = _derivations[sample.Channel];
            if (derivation is not null)
            {
                Forward(derivation.Process(sample));
            }
        }
    }

    private void Forward(ReadOnlySpan<Sample> samples)
    {
        _twin.Publish(samples);
        foreach (var consumer in _consumers)
        {
            consumer.Publish(samples);
        }
    }
}
