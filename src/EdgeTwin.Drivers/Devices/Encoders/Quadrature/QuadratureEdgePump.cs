using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Drivers.Devices.Encoders.Quadrature;

/// <summary>
/// Feeds a <see cref="QuadratureDecoder"/> from the edge sources of the A, B and optional index lines (e.g.
/// <see cref="Linux.Gpio.GpioInputLine"/>s). The lines deliver their edges separately, so the pump drains each
/// source in turn and decodes, in timestamp order, only the edges up to a cutoff every line is known to be
/// complete to: the moment the first source was found empty. Later edges wait for the next call, when the
/// first source will have been drained past them. Edge timestamps and <see cref="IClock.MonotonicNowNs"/> are
/// both CLOCK_MONOTONIC. Call <see cref="PumpOnce"/> in a loop on one dedicated thread.
/// </summary>
public sealed class QuadratureEdgePump
{
    private const int BatchCapacity = 256;

    private readonly QuadratureDecoder _decoder;
    private readonly IClock _clock;
    private readonly IEdgeSource[] _sources;
    private readonly QuadratureLine[] _lines = new QuadratureLine[BatchCapacity];
    private readonly EdgeEvent[] _edges = new EdgeEvent[BatchCapacity];
    private int _pending;

    public QuadratureEdgePump(QuadratureDecoder decoder, IClock clock, IEdgeSource a, IEdgeSource b, IEdgeSource? index = null)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        _decoder = decoder;
        _clock = clock;
        _sources = index is null ? [a, b] : [a, b, index];
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> for an edge on A when nothing is pending, drains every source,
    /// and decodes the edges up to the cutoff. Returns the number of edges decoded.
    /// </summary>
    public int PumpOnce(int timeoutMs)
    {
        if (_pending == 0 && _sources[0].TryReadEdge(timeoutMs, out var first))
        {
            Add(QuadratureLine.A, first);
        }

        // Each line gets an equal share of the free room, so a line that outpaces the reader cannot crowd the
        // others out of the batch: the cutoff then still advances by whole edges of every line.
        var share = Math.Max(1, (BatchCapacity - _pending) / _sources.Length);
        var cutoff = long.MaxValue;
        for (var s = 0; s < _sources.Length; s++)
        {
            var line = (QuadratureLine)s;
            var complete = false;
            var last = long.MinValue;
            for (var taken = 0; taken < share && _pending < BatchCapacity; taken++)
            {
                if (!_sources[s].TryReadEdge(0, out var edge))
                {
                    complete = true;
                    break;
                }

                Add(line, edge);
                last = edge.TimestampNs;
            }

            // A source left with queued edges is only complete up to the last edge taken from it.
            cutoff = Math.Min(cutoff, complete ? _clock.MonotonicNowNs : last);
        }

        SortByTime();

        // Overload: a full batch that is entirely past the cutoff would never drain; decode it as it stands.
        if (_pending == BatchCapacity && _edges[0].TimestampNs > cutoff)
        {
            cutoff = long.MaxValue;
        }

        var decoded = 0;
        while (decoded < _pending && _edges[decoded].TimestampNs <= cutoff)
        {
            _decoder.OnEdge(_lines[decoded], _edges[decoded]);
            decoded++;
        }

        Array.Copy(_edges, decoded, _edges, 0, _pending - decoded);
        Array.Copy(_lines, decoded, _lines, 0, _pending - decoded);
        _pending -= decoded;
        return decoded;
    }

    private void Add(QuadratureLine line, in EdgeEvent edge)
    {
        _lines[_pending] = line;
        _edges[_pending] = edge;
        _pending++;
    }

    /// <summary>Insertion sort: each line's edges are already in order, so the batch is nearly sorted.</summary>
    private void SortByTime()
    {
        for (var i = 1; i < _pending; i++)
        {
            var edge = _edges[i];
            var line = _lines[i];
            var j = i - 1;
            while (j >= 0 && _edges[j].TimestampNs > edge.TimestampNs)
            {
                _edges[j + 1] = _edges[j];
                _lines[j + 1] = _lines[j];
                j--;
            }

            _edges[j + 1] = edge;
            _lines[j + 1] = line;
        }
    }
}
