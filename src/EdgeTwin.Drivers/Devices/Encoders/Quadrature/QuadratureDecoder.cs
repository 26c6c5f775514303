using EdgeTwin.Drivers.Buses;

namespace EdgeTwin.Drivers.Devices.Encoders.Quadrature;

/// <summary>
/// x4 quadrature decoding from edge events: every edge of A or B is one count, its sign given by the Gray-code
/// state it leaves (A leading B — 00 → 10 → 11 → 01 — counts up). Fed one edge at a time from one thread, read
/// from any thread through <see cref="Snapshot"/>. Pure: no hardware, no clock, no allocation per edge.
/// </summary>
public sealed class QuadratureDecoder
{
    private readonly Lock _lock = new();
    private bool _a;
    private bool _b;
    private long _count;
    private int _direction;
    private long _illegal;
    private long _missed;
    private long _indexPulses;
    private long _countAtIndex;
    private long _lastEdgeNs;
    private uint _sequenceA;
    private uint _sequenceB;
    private bool _seenA;
    private bool _seenB;

    /// <param name="initialA">Level of A when decoding starts (read from the line).</param>
    /// <param name="initialB">Level of B when decoding starts.</param>
    public QuadratureDecoder(bool initialA = false, bool initialB = false)
    {
        _a = initialA;
        _b = initialB;
    }

    public void OnEdge(QuadratureLine line, in EdgeEvent edge)
    {
        lock (_lock)
        {
            switch (line)
            {
                case QuadratureLine.A:
                    CountGap(ref _sequenceA, ref _seenA, edge.Sequence);
                    Step(ref _a, edge.Rising, otherLevel: _b, forwardWhenEqual: false, edge.TimestampNs);
                    break;
                case QuadratureLine.B:
                    CountGap(ref _sequenceB, ref _seenB, edge.Sequence);
                    Step(ref _b, edge.Rising, otherLevel: _a, forwardWhenEqual: true, edge.TimestampNs);
                    break;
                case QuadratureLine.Index when edge.Rising:
                    _indexPulses++;
                    _countAtIndex = _count;
                    break;
            }
        }
    }

    public QuadratureState Snapshot()
    {
        lock (_lock)
        {
            return new QuadratureState(_count, _direction, _illegal, _missed, _indexPulses, _countAtIndex, _lastEdgeNs);
        }
    }

    /// <summary>
    /// One line changed. Forward (A leads B): A changes to the level B does not have, and B changes to the level A
    /// has — 00→10 (A↑, B low), 10→11 (B↑, A high), 11→01 (A↓, B high), 01→00 (B↓, A low).
    /// </summary>
    private void Step(ref bool level, bool rising, bool otherLevel, bool forwardWhenEqual, long timestampNs)
    {
        if (level == rising)
        {
            _illegal++;
            return;
        }

        level = rising;
        var forward = forwardWhenEqual ? rising == otherLevel : rising != otherLevel;
        _direction = forward ? 1 : -1;
        _count += _direction;
        _lastEdgeNs = timestampNs;
    }

    private void CountGap(ref uint last, ref bool seen, uint sequence)
    {
        if (seen && sequence != last + 1)
        {
            _missed += unchecked(sequence - last - 1);
        }

        last = sequence;
        seen = true;
    }
}
