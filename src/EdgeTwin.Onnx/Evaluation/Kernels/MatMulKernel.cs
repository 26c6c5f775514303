namespace EdgeTwin.Onnx.Evaluation.Kernels;

/// <summary>Batched row-major matrix product; batch offsets for broadcast leading dims are planned at load.</summary>
internal sealed class MatMulKernel(float[] a, int[] aOffsets, float[] b, int[] bOffsets, int m, int k, int n, float[] y) : Kernel
{
    public override void Execute()
    {
        var target = 0;
        for (var batch = 0; batch < aOffsets.Length; batch++)
        {
            var (aBase, bBase) = (aOffsets[batch], bOffsets[batch]);
            for (var i = 0; i < m; i++)
            {
                var row = aBase + (i * k);
                for (var j = 0; j < n; j++)
                {
                    var sum = 0f;
                    for (var p = 0; p < k; p++)
                    {
                        sum += a[row + p] * b[bBase + (p * n) + j];
                    }

                    y[target++] = sum;
                }
            }
        }
    }
}
