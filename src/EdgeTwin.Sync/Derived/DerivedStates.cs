using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Acquisition;

namespace EdgeTwin.Sync.Derived;

/// <summary>
/// Routes samples to the derivations that consume their channel and publishes what they derive into a
/// target sink (the sample pipeline, so derived channels reach the twin, the store and the aligner like any
/// other). Allocation-free per sample; each derivation runs on its sources' bus thread only.
/// </summary>
public sealed class DerivedStates : ISampleSink
{
    private readonly IDerivation[][] _bySource;
    private ISampleSink? _target;

    public DerivedStates(int channelCount, IEnumerable<IDerivation> derivations)
    {
        ArgumentNullException.ThrowIfNull(derivations);
        var lists = new List<IDerivation>[channelCount];
        foreach (var derivation in derivations)
        {
            foreach (var source in derivation.Sources.Distinct())
            {
                (lists[source] ??= []).Add(derivation);
            }
        }

        _bySource = [.. lists.Select(l => l?.ToArray() ?? [])];
        Derivations = [.. derivations];
    }

    public IReadOnlyList<IDerivation> Derivations { get; }

    /// <summary>Where derived samples go. Set once before acquisition starts.</summary>
    public void AttachTarget(ISampleSink target) => _target = target;

    public void Publish(ReadOnlySpan<Sample> samples)
    {
        var target = _target;
        if (target is null)
        {
            return;
        }

        foreach (ref readonly var sample in samples)
        {
            if ((uint)sample.Channel >= (uint)_bySource.Length)
            {
                continue;
            }

            foreach (var derivation in _bySource[sample.Channel])
            {
                var output = derivation.Process(sample);
                if (!output.IsEmpty)
                {
                    target.Publish(output);
                }
            }
        }
    }
}
