namespace EdgeTwin.Onnx.Evaluation.Kernels;

/// <summary>Concat as block copies: for each outer index, each input contributes one contiguous block.</summary>
internal sealed class ConcatKernel(Array[] parts, int[] blockLengths, int outer, Array output) : Kernel
{
    public override void Execute()
    {
        var target = 0;
        for (var o = 0; o < outer; o++)
        {
            for (var p = 0; p < parts.Length; p++)
            {
                var block = blockLengths[p];
                Array.Copy(parts[p], o * block, output, target, block);
                target += block;
            }
        }
    }
}
