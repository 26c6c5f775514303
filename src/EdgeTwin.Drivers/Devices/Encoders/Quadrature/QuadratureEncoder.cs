using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Drivers.Devices.Encoders.Quadrature;

/// <summary>
/// An incremental encoder on GPIO lines as a polled device: each <see cref="Read"/> decodes every edge the
/// kernel queued since the last one (the lines' event buffers hold them in between) and reports the x4 count
/// and the decoder's counters. Reading on the bus thread keeps decoding on one thread, as the decoder requires.
/// </summary>
public sealed class QuadratureEncoder : ISampledDevice
{
    /// <summary>Pump passes per read: 64 × 256 edges bounds one read even if a line chatters.</summary>
    private const int MaxPumpsPerRead = 64;

    private static readonly ChannelDescriptor[] ChannelList =
    [
        new("count", "counts"),
        new("count_at_index", "counts"),
        new("index_pulses", "counts"),
        new("illegal_transitions", "counts"),
        new("missed_edges", "counts"),
    ];

    private readonly QuadratureDecoder _decoder;
    private readonly QuadratureEdgePump _pump;
    private long _lastErrors;

    public QuadratureEncoder(QuadratureInputs inputs, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        _decoder = new QuadratureDecoder(inputs.InitialA, inputs.InitialB);
        _pump = new QuadratureEdgePump(_decoder, clock, inputs.A, inputs.B, inputs.Index);
    }

    public static IReadOnlyList<ChannelDescriptor> ChannelDescriptors => ChannelList;

    public IReadOnlyList<ChannelDescriptor> Channels => ChannelList;

    public void Initialize()
    {
    }

    /// <summary>
    /// The count is Uncertain_SensorNotAccurate in a read that saw an illegal transition or a kernel-dropped
    /// edge: the count may be off from then on (until re-homed at an index pulse).
    /// </summary>
    public void Read(Span<double> values, Span<Quality> qualities)
    {
        for (var i = 0; i < MaxPumpsPerRead && _pump.PumpOnce(0) > 0; i++)
        {
        }

        var state = _decoder.Snapshot();
        values[0] = state.Count;
        values[1] = state.CountAtLastIndex;
        values[2] = state.IndexPulses;
        values[3] = state.IllegalTransitions;
        values[4] = state.MissedEdges;
        var errors = state.IllegalTransitions + state.MissedEdges;
        qualities[0] = errors != _lastErrors ? Quality.SensorNotAccurate : Quality.Good;
        _lastErrors = errors;
        for (var i = 1; i < ChannelList.Length; i++)
        {
            qualities[i] = Quality.Good;
        }
    }
}
