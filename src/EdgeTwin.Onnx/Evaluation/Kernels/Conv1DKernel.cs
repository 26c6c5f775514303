namespace EdgeTwin.Onnx.Evaluation.Kernels;

internal readonly record struct Conv1DGeometry(
    int Batch, int Channels, int Length, int Filters, int Groups, int KernelSize, int PadBegin, int Stride, int Dilation, int OutLength);

/// <summary>Direct 1-D cross-correlation (ONNX Conv), zero padding outside the input.</summary>
internal sealed class Conv1DKernel(float[] x, float[] w, float[]? bias, float[] y, Conv1DGeometry g) : Kernel
{
    public override void Execute()
    {
        var channelsPerGroup = g.Channels / g.Groups;
        var filtersPerGroup = g.Filters / g.Groups;
        for (var n = 0; n < g.Batch; n++)
        {
            for (var f = 0; f < g.Filters; f++)
            {
                var firstChannel = f / filtersPerGroup * channelsPerGroup;
                for (var o = 0; o < g.OutLength; o++)
                {
                    var sum = bias is null ? 0f : bias[f];
                    var origin = (o * g.Stride) - g.PadBegin;
                    for (var c = 0; c < channelsPerGroup; c++)
                    {
                        var xBase = ((n * g.Channels) + firstChannel + c) * g.Length;
                        var wBase = ((f * channelsPerGroup) + c) * g.KernelSize;
                        for (var t = 0; t < g.KernelSize; t++)
                        {
                            var position = origin + (t * g.Dilation);
                            if ((uint)position < (uint)g.Length)
                            {
                                sum += x[xBase + position] * w[wBase + t];
                            }
                        }
                    }

                    y[(((n * g.Filters) + f) * g.OutLength) + o] = sum;
                }
            }
        }
    }
}
