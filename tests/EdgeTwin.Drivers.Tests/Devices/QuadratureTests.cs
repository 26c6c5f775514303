using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices.Encoders.Quadrature;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Drivers.Tests.Devices;

public sealed class QuadratureTests
{
    /// <summary>Edges of an encoder moving by <paramref name="steps"/> (+1 forward, −1 back), 10 µs apart.</summary>
    private static List<(QuadratureLine Line, EdgeEvent Edge)> Edges(IEnumerable<int> steps, long startNs = 1_000_000)
    {
        // Gray-code states in forward order, as (A, B): 00, 10, 11, 01.
        (bool A, bool B)[] states = [(false, false), (true, false), (true, true), (false, true)];
        var state = 0;
        var t = startNs;
        uint seqA = 0, seqB = 0;
        var edges = new List<(QuadratureLine, EdgeEvent)>();
        foreach (var step in steps)
        {
            var next = (state + step + 4) % 4;
            t += 10_000;
            if (states[next].A != states[state].A)
            {
                edges.Add((QuadratureLine.A, new EdgeEvent(t, states[next].A, ++seqA)));
            }
            else
            {
                edges.Add((QuadratureLine.B, new EdgeEvent(t, states[next].B, ++seqB)));
            }

            state = next;
        }

        return edges;
    }

    private static QuadratureState Decode(IEnumerable<(QuadratureLine Line, EdgeEvent Edge)> edges)
    {
        var decoder = new QuadratureDecoder();
        foreach (var (line, edge) in edges)
        {
            decoder.OnEdge(line, edge);
        }

        return decoder.Snapshot();
    }

    [Fact]
    public void Forward_cycles_count_four_per_cycle()
    {
        var state = Decode(Edges(Enumerable.Repeat(1, 400)));
        Assert.Equal(400, state.Count);
        Assert.Equal(1, state.Direction);
        Assert.Equal(0, state.IllegalTransitions);
        Assert.Equal(0, state.MissedEdges);
        Assert.Equal(1_000_000 + 400 * 10_000, state.LastEdgeNs);
    }

    [Fact]
    public void Reverse_counts_down()
    {
        var state = Decode(Edges(Enumerable.Repeat(-1, 100)));
        Assert.Equal(-100, state.Count);
        Assert.Equal(-1, state.Direction);
    }

    [Fact]
    public void Count_is_the_net_of_any_random_walk()
    {
        Prop.ForAll(
            Gen.Elements(1, -1).ArrayOf().ToArbitrary(),
            steps =>
            {
                var state = Decode(Edges(steps));
                return state.Count == steps.Sum() && state.IllegalTransitions == 0;
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_lost_edge_is_counted_as_illegal_and_a_sequence_gap_as_missed()
    {
        var edges = Edges(Enumerable.Repeat(1, 12));
        edges.RemoveAt(5); // the kernel dropped one edge
        var state = Decode(edges);
        Assert.Equal(1, state.IllegalTransitions);
        Assert.Equal(1, state.MissedEdges);
        // A lost edge costs up to 4 counts: itself, its partner (reported illegal), and the other line's edge in
        // between, decoded against the stale level.
        Assert.InRange(state.Count, 12 - 4, 12 - 1);
    }

    [Fact]
    public void Index_pulse_latches_the_count()
    {
        var decoder = new QuadratureDecoder();
        foreach (var (line, edge) in Edges(Enumerable.Repeat(1, 37)))
        {
            decoder.OnEdge(line, edge);
        }

        decoder.OnEdge(QuadratureLine.Index, new EdgeEvent(5_000_000, true, 1));
        decoder.OnEdge(QuadratureLine.Index, new EdgeEvent(5_000_100, false, 2));
        var state = decoder.Snapshot();
        Assert.Equal(1, state.IndexPulses);
        Assert.Equal(37, state.CountAtLastIndex);
    }

    [Fact]
    public void Initial_levels_set_the_starting_state()
    {
        // Starting at AB = 11, a falling A is a forward step (11 → 01).
        var decoder = new QuadratureDecoder(initialA: true, initialB: true);
        decoder.OnEdge(QuadratureLine.A, new EdgeEvent(1, false, 1));
        Assert.Equal(1, decoder.Snapshot().Count);
    }

    [Fact]
    public void Decoding_allocates_nothing()
    {
        var edges = Edges(Enumerable.Repeat(1, 1000)).ToArray();
        var decoder = new QuadratureDecoder();
        decoder.OnEdge(edges[0].Line, edges[0].Edge);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i < edges.Length; i++)
        {
            decoder.OnEdge(edges[i].Line, edges[i].Edge);
        }

        _ = decoder.Snapshot();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(3_000)]
    [InlineData(7_000)]
    [InlineData(25_000)]
    public void Pump_decodes_separate_line_queues_in_time_order_while_edges_keep_arriving(long nsPerRead)
    {
        // A random back-and-forth motion; every read of a source takes time, so edges appear mid-drain.
        var random = new Random(4);
        var steps = Enumerable.Range(0, 3000).Select(i => i % 200 < 150 ? 1 : random.Next(2) * 2 - 1).ToArray();
        var edges = Edges(steps);
        var clock = new ManualClock(0);
        var a = new QueuedEdges(clock, nsPerRead, edges.Where(e => e.Line == QuadratureLine.A).Select(e => e.Edge));
        var b = new QueuedEdges(clock, nsPerRead, edges.Where(e => e.Line == QuadratureLine.B).Select(e => e.Edge));
        var index = new QueuedEdges(clock, nsPerRead, []);
        var decoder = new QuadratureDecoder();
        var pump = new QuadratureEdgePump(decoder, clock, a, b, index);

        var total = 0;
        for (var i = 0; i < 100_000 && total < edges.Count; i++)
        {
            total += pump.PumpOnce(timeoutMs: 1);
        }

        var state = decoder.Snapshot();
        Assert.Equal(edges.Count, total);
        Assert.Equal(0, state.IllegalTransitions);
        Assert.Equal(steps.Sum(), state.Count);
    }

    /// <summary>An edge source whose edges become readable at their timestamp on a manual clock; reading takes time.</summary>
    private sealed class QueuedEdges(ManualClock clock, long nsPerRead, IEnumerable<EdgeEvent> edges) : IEdgeSource
    {
        private readonly Queue<EdgeEvent> _queue = new(edges);

        public long MissedEdges => 0;

        public bool TryReadEdge(int timeoutMs, out EdgeEvent edge)
        {
            clock.MonotonicNowNs += nsPerRead;
            if (_queue.TryPeek(out edge) && edge.TimestampNs <= clock.MonotonicNowNs)
            {
                _queue.Dequeue();
                return true;
            }

            if (timeoutMs > 0 && _queue.TryPeek(out edge) && edge.TimestampNs <= clock.MonotonicNowNs + timeoutMs * 1_000_000L)
            {
                clock.MonotonicNowNs = edge.TimestampNs;
                _queue.Dequeue();
                return true;
            }

            clock.MonotonicNowNs += timeoutMs * 1_000_000L;
            edge = default;
            return false;
        }
    }
}
