namespace EdgeTwin.Onnx.Evaluation.Kernels;

/// <summary>c = op(a, b) with broadcasting resolved at load into index maps (null map = same shape as c).</summary>
internal sealed class BinaryKernel<T, TResult, TOp>(T[] a, int[]? mapA, T[] b, int[]? mapB, TResult[] c) : Kernel
    where TOp : IBinaryOp<T, TResult>
{
    public override void Execute()
    {
        if (mapA is null && mapB is null)
        {
            for (var i = 0; i < c.Length; i++)
            {
                c[i] = TOp.Apply(a[i], b[i]);
            }
        }
        else if (mapA is null)
        {
            for (var i = 0; i < c.Length; i++)
            {
                c[i] = TOp.Apply(a[i], b[mapB![i]]);
            }
        }
        else if (mapB is null)
        {
            for (var i = 0; i < c.Length; i++)
            {
                c[i] = TOp.Apply(a[mapA[i]], b[i]);
            }
        }
        else
        {
            for (var i = 0; i < c.Length; i++)
            {
                c[i] = TOp.Apply(a[mapA[i]], b[mapB[i]]);
            }
        }
    }
}

internal sealed class UnaryKernel<T, TOp>(T[] x, T[] y) : Kernel
    where TOp : IUnaryOp<T>
{
    public override void Execute()
    {
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = TOp.Apply(x[i]);
        }
    }
}

internal sealed class LeakyReluKernel(float[] x, float[] y, float alpha) : Kernel
{
    public override void Execute()
    {
        for (var i = 0; i < y.Length; i++)
        {
            var v = x[i];
            y[i] = v >= 0 ? v : v * alpha;
        }
    }
}

internal sealed class ClipKernel(float[] x, float[] y, float min, float max) : Kernel
{
    public override void Execute()
    {
        for (var i = 0; i < y.Length; i++)
        {
            var v = x[i];
            y[i] = v < min ? min : (v > max ? max : v);
        }
    }
}

/// <summary>ONNX Where: out = cond ? x : y, all three broadcast to the output shape.</summary>
internal sealed class WhereKernel<T>(bool[] cond, int[]? mapC, T[] x, int[]? mapX, T[] y, int[]? mapY, T[] output) : Kernel
{
    public override void Execute()
    {
        for (var i = 0; i < output.Length; i++)
        {
            var c = cond[mapC is null ? i : mapC[i]];
            output[i] = c ? x[mapX is null ? i : mapX[i]] : y[mapY is null ? i : mapY[i]];
        }
    }
}

/// <summary>output[i] = input[map[i]]: Transpose, Slice and Gather with constant indices are all planned into this.</summary>
internal sealed class IndexMapKernel<T>(T[] input, int[] map, T[] output) : Kernel
{
    public override void Execute()
    {
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = input[map[i]];
        }
    }
}

internal sealed class CopyKernel(Array source, Array destination) : Kernel
{
    public override void Execute() => Array.Copy(source, destination, destination.Length);
}
