namespace EdgeTwin.Onnx.Evaluation.Kernels;

/// <summary>Numerically stable softmax over the middle axis of an [outer, axis, inner] view.</summary>
internal sealed class SoftmaxKernel(float[] x, float[] y, int outer, int axis, int inner) : Kernel
{
    public override void Execute()
    {
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < inner; i++)
            {
                var start = (o * axis * inner) + i;
                var max = float.NegativeInfinity;
                for (var a = 0; a < axis; a++)
                {
                    max = MathF.Max(max, x[start + (a * inner)]);
                }

                var sum = 0f;
                for (var a = 0; a < axis; a++)
                {
                    var e = MathF.Exp(x[start + (a * inner)] - max);
                    y[start + (a * inner)] = e;
                    sum += e;
                }

                for (var a = 0; a < axis; a++)
                {
                    y[start + (a * inner)] /= sum;
                }
            }
        }
    }
}
