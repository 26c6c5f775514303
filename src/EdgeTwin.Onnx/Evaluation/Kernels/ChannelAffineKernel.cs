namespace EdgeTwin.Onnx.Evaluation.Kernels;

/// <summary>y = x * scale[c] + shift[c] over an [N, C, ...] tensor; BatchNormalization folded at load.</summary>
internal sealed class ChannelAffineKernel(float[] x, float[] scale, float[] shift, int inner, float[] y) : Kernel
{
    public override void Execute()
    {
        var channels = scale.Length;
        var i = 0;
        while (i < y.Length)
        {
            for (var c = 0; c < channels; c++)
            {
                var (s, b) = (scale[c], shift[c]);
                for (var e = 0; e < inner; e++, i++)
                {
                    y[i] = (x[i] * s) + b;
                }
            }
        }
    }
}
