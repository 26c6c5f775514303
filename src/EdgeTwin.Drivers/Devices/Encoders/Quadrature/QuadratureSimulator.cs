using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Simulation.Plant;
using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Drivers.Devices.Encoders.Quadrature;

/// <summary>
/// An incremental encoder on the simulated shaft: whenever a line is read, the edges the shaft produced since
/// the last read are queued on the A, B and index lines with timestamps interpolated over the interval, in
/// the Gray sequence a real encoder gives (A leads B turning forward). Each line's queue holds
/// <see cref="QueueCapacity"/> edges like the kernel's event buffer; further edges are dropped but still
/// numbered, so the reader sees the gap in the sequence numbers exactly as with a real overflow.
/// </summary>
public sealed class QuadratureSimulator
{
    public const int QueueCapacity = 1024;

    private readonly Lock _lock = new();
    private readonly AxisPlant _plant;
    private readonly IClock _clock;
    private readonly long _countsPerRevolution;
    private readonly Line[] _lines = [new(), new(), new()];
    private long _count;
    private long _lastNs;

    public QuadratureSimulator(AxisPlant plant, IClock clock, int linesPerRevolution)
    {
        ArgumentNullException.ThrowIfNull(plant);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(linesPerRevolution, 1);
        _plant = plant;
        _clock = clock;
        _countsPerRevolution = 4L * linesPerRevolution;
        _lastNs = clock.MonotonicNowNs;
        _count = CountAt(_lastNs);
        (_lines[0].Level, _lines[1].Level) = Levels(_count);
    }

    /// <summary>The x4 count the shaft position stands for right now (what a perfect decoder would show).</summary>
    public long TrueCount => CountAt(_clock.MonotonicNowNs);

    /// <summary>Opens the lines: their sources and the current levels of A and B.</summary>
    public QuadratureInputs Open()
    {
        lock (_lock)
        {
            var (a, b) = Levels(_count);
            return new QuadratureInputs(new Source(this, 0), new Source(this, 1), new Source(this, 2), a, b);
        }
    }

    private long CountAt(long ns) => (long)Math.Floor(_plant.Observe(ns).ShaftRevolutions * _countsPerRevolution);

    /// <summary>Gray phase of a count: 0 → AB 00, 1 → 10, 2 → 11, 3 → 01.</summary>
    private static (bool A, bool B) Levels(long count) => (((count & 3) + 1 & 2) != 0, (count & 2) != 0);

    private bool TryTake(int line, out EdgeEvent edge)
    {
        lock (_lock)
        {
            Generate(_clock.MonotonicNowNs);
            return _lines[line].TryDequeue(out edge);
        }
    }

    private void Generate(long nowNs)
    {
        if (nowNs <= _lastNs)
        {
            return;
        }

        var target = CountAt(nowNs);
        var steps = Math.Abs(target - _count);
        var direction = Math.Sign(target - _count);
        if (steps > 2 * QueueCapacity)
        {
            // Unread for long: everything but the last queue's worth would overflow the queues anyway. A and B
            // take turns, so each line lost half of the skipped edges.
            var skipped = steps - 2 * QueueCapacity;
            _count += direction * skipped;
            _lines[0].Skip(skipped / 2, Levels(_count).A);
            _lines[1].Skip(skipped - skipped / 2, Levels(_count).B);
            steps -= skipped;
        }

        if (steps > 0)
        {
            var span = nowNs - _lastNs;
            for (long i = 1; i <= steps; i++)
            {
                var (beforeA, beforeB) = Levels(_count);
                _count += direction;
                var (a, b) = Levels(_count);
                var at = _lastNs + span * i / steps;
                if (a != beforeA)
                {
                    _lines[0].Enqueue(at, a);
                }
                else if (b != beforeB)
                {
                    _lines[1].Enqueue(at, b);
                }

                // The index pulse: high for the one count at the start of each revolution.
                var phase = ((_count % _countsPerRevolution) + _countsPerRevolution) % _countsPerRevolution;
                if (phase == 0)
                {
                    _lines[2].Enqueue(at, true);
                }
                else if (phase == (direction > 0 ? 1 : _countsPerRevolution - 1))
                {
                    _lines[2].Enqueue(at, false);
                }
            }
        }

        _lastNs = nowNs;
    }

    private sealed class Line
    {
        private readonly EdgeEvent[] _queue = new EdgeEvent[QueueCapacity];
        private int _head;
        private int _count;
        private uint _sequence;

        public bool Level { get; set; }

        public long Dropped { get; private set; }

        public void Skip(long edges, bool level)
        {
            _sequence = unchecked(_sequence + (uint)edges);
            Dropped += edges;
            Level = level;
        }

        public void Enqueue(long timestampNs, bool level)
        {
            if (level == Level)
            {
                return;
            }

            Level = level;
            _sequence++;
            if (_count == _queue.Length)
            {
                Dropped++;
                return;
            }

            _queue[(_head + _count) % _queue.Length] = new EdgeEvent(timestampNs, level, _sequence);
            _count++;
        }

        public bool TryDequeue(out EdgeEvent edge)
        {
            if (_count == 0)
            {
                edge = default;
                return false;
            }

            edge = _queue[_head];
            _head = (_head + 1) % _queue.Length;
            _count--;
            return true;
        }
    }

    private sealed class Source(QuadratureSimulator encoder, int line) : IEdgeSource
    {
        public long MissedEdges => encoder._lines[line].Dropped;

        public bool TryReadEdge(int timeoutMs, out EdgeEvent edge) => encoder.TryTake(line, out edge);
    }
}
