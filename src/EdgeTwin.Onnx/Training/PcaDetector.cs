using EdgeTwin.Onnx.Writing;

namespace EdgeTwin.Onnx.Training;

/// <summary>
/// A PCA anomaly detector fitted to normal-operation feature vectors. Its score combines the two classic
/// statistics of PCA process monitoring (Jackson &amp; Mudholkar 1979; MacGregor &amp; Kourti 1995): Hotelling's
/// T² inside the retained subspace (an unusual combination of the modes seen in training, e.g. a temperature
/// outside its normal range) and the squared prediction error Q outside it (a pattern never seen, e.g. a
/// vibration axis that grows alone). Each is divided by its training mean, and the two are averaged, so a
/// typical normal window scores about 1.
/// </summary>
/// <remarks>
/// The model takes features already normalized to z-scores (<see cref="Mean"/>, <see cref="StdDev"/>): the
/// gateway normalizes while it builds the window, so the graph is three MatMuls, two squares and two sums.
/// </remarks>
public sealed class PcaDetector
{
    public const string InputName = "features";
    public const string OutputName = "score";

    private PcaDetector(double[] mean, double[] std, double[,] components, double[] variances, double speMean)
    {
        Mean = mean;
        StdDev = std;
        Components = components;
        Variances = variances;
        SpeMean = speMean;
    }

    public int FeatureCount => Mean.Count;

    public int RetainedComponents => Variances.Length;

    /// <summary>Per-feature training mean, for normalization.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>Per-feature training standard deviation (floored), for normalization.</summary>
    public IReadOnlyList<double> StdDev { get; }

    /// <summary>F × k: the retained principal directions of the normalized features, as columns.</summary>
    public double[,] Components { get; }

    /// <summary>Variance along each retained direction.</summary>
    public double[] Variances { get; }

    /// <summary>Mean squared prediction error on the training set (0 when every component is retained).</summary>
    public double SpeMean { get; }

    /// <summary>Fits the detector to rows of raw feature values.</summary>
    /// <param name="explainedVariance">Components are retained until they explain this fraction of the variance.</param>
    public static PcaDetector Fit(IReadOnlyList<double[]> rows, double explainedVariance = 0.95)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count < 2)
        {
            throw new ArgumentException("PCA needs at least two training rows.", nameof(rows));
        }

        var f = rows[0].Length;
        if (f == 0 || rows.Any(r => r.Length != f))
        {
            throw new ArgumentException("Every training row must have the same, non-zero number of features.", nameof(rows));
        }

        var mean = new double[f];
        var std = new double[f];
        foreach (var row in rows)
        {
            for (var j = 0; j < f; j++)
            {
                mean[j] += row[j] / rows.Count;
            }
        }

        foreach (var row in rows)
        {
            for (var j = 0; j < f; j++)
            {
                std[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / (rows.Count - 1);
            }
        }

        for (var j = 0; j < f; j++)
        {
            // A feature that never moved in training must not divide by zero: any change of it is then a large z.
            std[j] = Math.Max(Math.Sqrt(std[j]), Math.Max(1e-6, Math.Abs(mean[j]) * 1e-3));
        }

        var z = rows.Select(r => Normalize(r, mean, std)).ToList();
        var covariance = new double[f, f];
        foreach (var row in z)
        {
            for (var a = 0; a < f; a++)
            {
                for (var b = 0; b < f; b++)
                {
                    covariance[a, b] += row[a] * row[b] / (z.Count - 1);
                }
            }
        }

        var (values, vectors) = SymmetricEigen.Decompose(covariance);
        var total = values.Sum(v => Math.Max(v, 0));
        var k = 0;
        double explained = 0;
        while (k < f && (k == 0 || explained < explainedVariance * total))
        {
            explained += Math.Max(values[k], 0);
            k++;
        }

        // Tiny variances would make T² hypersensitive to rounding; floor them at a small share of the total.
        var floor = Math.Max(total, 1e-12) * 1e-4;
        var variances = values.Take(k).Select(v => Math.Max(v, floor)).ToArray();
        var components = new double[f, k];
        for (var r = 0; r < f; r++)
        {
            for (var c = 0; c < k; c++)
            {
                components[r, c] = vectors[r, c];
            }
        }

        var detector = new PcaDetector(mean, std, components, variances, 0);
        var spe = k == f ? 0 : z.Average(detector.SquaredPredictionError);
        return new PcaDetector(mean, std, components, variances, k == f ? 0 : Math.Max(spe, 1e-9));
    }

    /// <summary>The score of one normalized feature vector, in double precision (the model computes it in float).</summary>
    public double Score(ReadOnlySpan<double> normalized)
    {
        double t2 = 0;
        for (var c = 0; c < RetainedComponents; c++)
        {
            double p = 0;
            for (var r = 0; r < FeatureCount; r++)
            {
                p += normalized[r] * Components[r, c];
            }

            t2 += p * p / Variances[c];
        }

        var t2Term = t2 / RetainedComponents;
        return SpeMean > 0 ? 0.5 * (t2Term + (SquaredPredictionError(normalized) / SpeMean)) : t2Term;
    }

    /// <summary>The ONNX model: input <c>features</c> [1, F] (normalized), output <c>score</c> [1, 1]; opset 13.</summary>
    public byte[] ToOnnx()
    {
        int f = FeatureCount, k = RetainedComponents;
        var weight = SpeMean > 0 ? 0.5 : 1.0;
        // T² part: columns scaled so that Σ t² = weight · T² / k.
        var scaled = new float[f * k];
        for (var r = 0; r < f; r++)
        {
            for (var c = 0; c < k; c++)
            {
                scaled[(r * k) + c] = (float)(Components[r, c] * Math.Sqrt(weight / (Variances[c] * k)));
            }
        }

        var writer = new OnnxModelWriter("edgetwin_pca")
            .Input(InputName, 1, f)
            .Output(OutputName, 1, 1)
            .Initializer("t2_projection", [f, k], scaled)
            .Int64Initializer("feature_axis", [1], [1])
            .Node("MatMul", [InputName, "t2_projection"], ["t"])
            .Node("Mul", ["t", "t"], ["t_squared"]);
        if (SpeMean > 0)
        {
            // Q part: e = x (I − V Vᵀ), scaled so that Σ e² = weight · Q / mean Q.
            var residual = new float[f * f];
            var scale = Math.Sqrt(weight / SpeMean);
            for (var a = 0; a < f; a++)
            {
                for (var b = 0; b < f; b++)
                {
                    double vv = 0;
                    for (var c = 0; c < k; c++)
                    {
                        vv += Components[a, c] * Components[b, c];
                    }

                    residual[(a * f) + b] = (float)(((a == b ? 1 : 0) - vv) * scale);
                }
            }

            writer.Initializer("residual_projection", [f, f], residual)
                .Node("MatMul", [InputName, "residual_projection"], ["e"])
                .Node("Mul", ["e", "e"], ["e_squared"])
                .Node("Concat", ["t_squared", "e_squared"], ["terms"], NodeAttribute.Of("axis", 1L))
                .Node("ReduceSum", ["terms", "feature_axis"], [OutputName], NodeAttribute.Of("keepdims", 1L));
        }
        else
        {
            writer.Node("ReduceSum", ["t_squared", "feature_axis"], [OutputName], NodeAttribute.Of("keepdims", 1L));
        }

        return writer.ToBytes();
    }

    public double[] Normalize(ReadOnlySpan<double> raw)
    {
        var z = new double[FeatureCount];
        for (var j = 0; j < z.Length; j++)
        {
            z[j] = (raw[j] - Mean[j]) / StdDev[j];
        }

        return z;
    }

    private static double[] Normalize(double[] raw, double[] mean, double[] std)
    {
        var z = new double[raw.Length];
        for (var j = 0; j < z.Length; j++)
        {
            z[j] = (raw[j] - mean[j]) / std[j];
        }

        return z;
    }

    private double SquaredPredictionError(double[] normalized) => SquaredPredictionError(normalized.AsSpan());

    private double SquaredPredictionError(ReadOnlySpan<double> normalized)
    {
        int f = FeatureCount, k = RetainedComponents;
        Span<double> projection = k <= 64 ? stackalloc double[k] : new double[k];
        for (var c = 0; c < k; c++)
        {
            double p = 0;
            for (var r = 0; r < f; r++)
            {
                p += normalized[r] * Components[r, c];
            }

            projection[c] = p;
        }

        double q = 0;
        for (var r = 0; r < f; r++)
        {
            double reconstructed = 0;
            for (var c = 0; c < k; c++)
            {
                reconstructed += projection[c] * Components[r, c];
            }

            q += (normalized[r] - reconstructed) * (normalized[r] - reconstructed);
        }

        return q;
    }
}
