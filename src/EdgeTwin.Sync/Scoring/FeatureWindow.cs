using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Alignment;

namespace EdgeTwin.Sync.Scoring;

/// <summary>
/// Turns aligned frames into model inputs: every <see cref="Hop"/> frames, once <see cref="Length"/> frames
/// are held, each feature's statistic over the last window, normalized. Rings and outputs are allocated once;
/// <see cref="Add"/> allocates nothing.
/// </summary>
/// <remarks>
/// Frame values that are not finite, bad, or stale (the aligner marks a dead channel's held value stale) are
/// left out of the statistics. A window in which any feature's channel has fewer than
/// <see cref="MinValidFraction"/> usable values yields no features: scoring a sensor that is not there would
/// raise alerts about the sensor, not the machine.
/// </remarks>
public sealed class FeatureWindow
{
    private readonly FeatureSpec[] _specs;
    private readonly int[] _frameIndices;
    private readonly int[] _ringOfSpec;
    private readonly double[][] _rings;
    private readonly double[] _raw;
    private readonly float[] _normalized;
    private long _frames;

    public FeatureWindow(IReadOnlyList<FeatureSpec> features, int lengthFrames, int hopFrames, double minValidFraction = 0.8)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(lengthFrames, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(hopFrames, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lengthFrames, 1 << 20);
        if (features.Count == 0 || features.Any(f => f.FrameIndex < 0 || !(f.StdDev > 0) || !double.IsFinite(f.Mean)))
        {
            throw new ArgumentException("Features: at least one, each with a frame index ≥ 0, a finite mean and a positive spread.", nameof(features));
        }

        _specs = [.. features];
        _frameIndices = [.. _specs.Select(s => s.FrameIndex).Distinct()];
        _ringOfSpec = [.. _specs.Select(s => Array.IndexOf(_frameIndices, s.FrameIndex))];
        _rings = [.. _frameIndices.Select(_ => new double[lengthFrames])];
        _raw = new double[_specs.Length];
        _normalized = new float[_specs.Length];
        Length = lengthFrames;
        Hop = hopFrames;
        MinValidFraction = minValidFraction;
    }

    public int Length { get; }

    public int Hop { get; }

    public double MinValidFraction { get; }

    public int FeatureCount => _specs.Length;

    /// <summary>The largest frame index a frame must reach.</summary>
    public int MaxFrameIndex => _frameIndices.Max();

    /// <summary>The last completed window's normalized features (the model input).</summary>
    public ReadOnlySpan<float> Features => _normalized;

    /// <summary>The last completed window's features before normalization (what <c>train</c> fits to).</summary>
    public ReadOnlySpan<double> RawFeatures => _raw;

    /// <summary>Windows that were due but had too few usable values.</summary>
    public long IncompleteWindows { get; private set; }

    /// <summary>Adds one frame; true when it completed a window with usable features.</summary>
    public bool Add(ReadOnlySpan<FrameValue> frame)
    {
        var slot = (int)(_frames % Length);
        for (var r = 0; r < _frameIndices.Length; r++)
        {
            var i = _frameIndices[r];
            _rings[r][slot] = i < frame.Length && IsUsable(frame[i]) ? frame[i].Value : double.NaN;
        }

        _frames++;
        if (_frames < Length || (_frames - Length) % Hop != 0)
        {
            return false;
        }

        for (var k = 0; k < _specs.Length; k++)
        {
            var value = Compute(_rings[_ringOfSpec[k]], _specs[k].Statistic, MinValidFraction);
            if (double.IsNaN(value))
            {
                IncompleteWindows++;
                return false;
            }

            _raw[k] = value;
            _normalized[k] = (float)((value - _specs[k].Mean) / _specs[k].StdDev);
        }

        return true;
    }

    /// <summary>Forgets every frame (e.g. after a gap in frame times).</summary>
    public void Reset() => _frames = 0;

    /// <summary>Whether a frame value counts: finite, not bad, not stale.</summary>
    public static bool IsUsable(in FrameValue value) =>
        double.IsFinite(value.Value) && (value.Quality.Code & 0x80000000) == 0 && value.Quality.Code != Quality.Stale.Code;

    private static double Compute(double[] ring, FeatureStatistic statistic, double minValidFraction)
    {
        int n = 0;
        double sum = 0, sumOfSquares = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in ring)
        {
            if (double.IsNaN(v))
            {
                continue;
            }

            n++;
            sum += v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        if (n < 2 || n < minValidFraction * ring.Length)
        {
            return double.NaN;
        }

        var mean = sum / n;
        if (statistic is FeatureStatistic.StdDev or FeatureStatistic.Rms)
        {
            // Two-pass around the mean: one pass of Σx² − n·mean² loses the vibration to cancellation under 1 g.
            foreach (var v in ring)
            {
                if (!double.IsNaN(v))
                {
                    var d = statistic == FeatureStatistic.StdDev ? v - mean : v;
                    sumOfSquares += d * d;
                }
            }
        }

        return statistic switch
        {
            FeatureStatistic.Mean => mean,
            FeatureStatistic.StdDev => Math.Sqrt(sumOfSquares / (n - 1)),
            FeatureStatistic.Rms => Math.Sqrt(sumOfSquares / n),
            FeatureStatistic.Min => min,
            FeatureStatistic.Max => max,
            _ => max - min,
        };
    }
}
