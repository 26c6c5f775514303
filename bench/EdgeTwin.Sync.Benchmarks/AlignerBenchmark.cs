using BenchmarkDotNet.Attributes;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Alignment;

namespace EdgeTwin.Sync.Benchmarks;

/// <summary>
/// One operation = one 100 Hz frame: the 10 ms of samples of 32 channels at mixed rates (8 each at 1 kHz,
/// 500 Hz, 100 Hz and 10 Hz; 157.5 samples per frame on average) published in per-bus batches, then the poll
/// that builds and delivers the frame.
/// </summary>
[MemoryDiagnoser]
public class AlignerBenchmark
{
    private const long Ms = 1_000_000;
    private static readonly int[] RatesHz = [1000, 500, 100, 10];

    private readonly ManualClock _clock = new();
    private readonly Sample[] _batch = new Sample[8];
    private Aligner _aligner = null!;
    private Sink _sink = null!;

    [GlobalSetup]
    public void Setup()
    {
        var channels = Enumerable.Range(0, 32)
            .Select(i => new AlignedChannel(i, i % 8 == 7 ? Interpolation.Hold : Interpolation.Linear, RatesHz[i / 8], TimeSpan.FromMilliseconds(250)))
            .ToArray();
        _aligner = new Aligner(channels, _clock, new AlignerOptions { LatencyBudget = TimeSpan.FromMilliseconds(120) });
        _sink = new Sink();
        _aligner.AddConsumer(_sink);
        for (var i = 0; i < 1000; i++)
        {
            Frame();
        }
    }

    [Benchmark]
    public int Frame()
    {
        var emitted = 0;
        for (var step = 0; step < 10; step++)
        {
            var now = _clock.UtcNowNs;
            var ms = now / Ms;
            for (var bus = 0; bus < RatesHz.Length; bus++)
            {
                if (ms % (1000 / RatesHz[bus]) != 0)
                {
                    continue;
                }

                for (var c = 0; c < 8; c++)
                {
                    _batch[c] = new Sample((bus * 8) + c, now, Math.Sin(ms * 0.01 * (c + 1)), Quality.Good);
                }

                _aligner.Publish(_batch);
            }

            emitted += _aligner.Poll(now);
            _clock.MonotonicNowNs += Ms;
        }

        return emitted;
    }

    private sealed class Sink : IFrameConsumer
    {
        public double Last;

        public void OnFrame(long frameTimeNs, ReadOnlySpan<FrameValue> values) => Last = values[^1].Value;
    }
}
