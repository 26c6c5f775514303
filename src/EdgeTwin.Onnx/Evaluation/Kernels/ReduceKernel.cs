namespace EdgeTwin.Onnx.Evaluation.Kernels;

internal enum ReduceKind
{
    Sum,
    Mean,
    Max,
}

/// <summary>Accumulates each input element into the output element <c>map</c> assigns it (planned at load).</summary>
internal sealed class ReduceKernel(float[] x, int[] map, float[] y, ReduceKind kind, int count) : Kernel
{
    public override void Execute()
    {
        y.AsSpan().Fill(kind == ReduceKind.Max ? float.NegativeInfinity : 0f);
        if (kind == ReduceKind.Max)
        {
            for (var i = 0; i < x.Length; i++)
            {
                ref var target = ref y[map[i]];
                var v = x[i];
                if (v > target || float.IsNaN(v))
                {
                    target = v;
                }
            }

            return;
        }

        for (var i = 0; i < x.Length; i++)
        {
            y[map[i]] += x[i];
        }

        if (kind == ReduceKind.Mean)
        {
            for (var i = 0; i < y.Length; i++)
            {
                y[i] /= count;
            }
        }
    }
}
