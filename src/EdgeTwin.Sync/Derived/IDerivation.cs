using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Sync.Derived;

/// <summary>
/// A state computed from source channels, published into the twin as channels of its own. Called on the bus
/// thread of its sources (all of one derivation's sources come from one device, so from one thread).
/// </summary>
public interface IDerivation
{
    /// <summary>The channel ids whose samples this derivation consumes.</summary>
    IReadOnlyList<int> Sources { get; }

    /// <summary>Consumes one source sample; returns the derived samples due now (often none). The span is reused.</summary>
    ReadOnlySpan<Sample> Process(in Sample sample);
}
