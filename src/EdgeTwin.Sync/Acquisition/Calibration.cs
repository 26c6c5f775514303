namespace EdgeTwin.Sync.Acquisition;

/// <summary>
/// Linear sensor calibration: calibrated = Scale · (raw − Bias), over a subset of a device's channels (for an
/// IMU typically the six inertial axes). The scale matrix corrects gain, misalignment and cross-axis
/// sensitivity at once; the bias removes zero offsets.
/// </summary>
public sealed class Calibration
{
    private readonly int[] _indices;
    private readonly double[] _bias;
    private readonly double[] _scale; // row-major n×n

    /// <param name="channelIndices">Positions, in the device's channel order, of the calibrated channels.</param>
    public Calibration(int[] channelIndices, double[] bias, double[,] scale)
    {
        ArgumentNullException.ThrowIfNull(channelIndices);
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentNullException.ThrowIfNull(scale);
        var n = channelIndices.Length;
        if (bias.Length != n || scale.GetLength(0) != n || scale.GetLength(1) != n)
        {
            throw new ArgumentException($"calibration over {n} channels needs a bias of {n} and a {n}×{n} scale matrix");
        }

        _indices = channelIndices;
        _bias = bias;
        _scale = new double[n * n];
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                _scale[r * n + c] = scale[r, c];
            }
        }
    }

    public int Size => _indices.Length;

    public void Apply(Span<double> values)
    {
        var n = _indices.Length;
        Span<double> unbiased = n <= 16 ? stackalloc double[n] : new double[n];
        for (var i = 0; i < n; i++)
        {
            unbiased[i] = values[_indices[i]] - _bias[i];
        }

        for (var r = 0; r < n; r++)
        {
            var sum = 0.0;
            var row = _scale.AsSpan(r * n, n);
            for (var c = 0; c < n; c++)
            {
                sum += row[c] * unbiased[c];
            }

            values[_indices[r]] = sum;
        }
    }
}
