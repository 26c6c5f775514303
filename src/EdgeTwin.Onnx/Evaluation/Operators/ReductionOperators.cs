using EdgeTwin.Onnx.Evaluation.Kernels;

namespace EdgeTwin.Onnx.Evaluation.Operators;

/// <summary>ReduceSum/ReduceMean/ReduceMax and Softmax (Operators.md).</summary>
internal static class ReductionOperators
{
    /// <summary>
    /// Axes come from the attribute (ReduceSum before 13, the others before 18) or the optional second input;
    /// no axes reduces everything unless noop_with_empty_axes=1.
    /// </summary>
    public static Kernel? Reduce(NodeContext ctx, ReduceKind kind)
    {
        var x = ctx.Input(0, ElementKind.Float);
        var axes = ctx.Ints("axes") ?? ctx.ConstantInt64s(1);
        var keepDims = ctx.Int("keepdims", 1) != 0;
        if ((axes is null || axes.Length == 0) && ctx.Int("noop_with_empty_axes", 0) != 0)
        {
            ctx.Alias(0, x, x.Shape);
            return null;
        }

        var reduced = new bool[x.Rank];
        if (axes is null || axes.Length == 0)
        {
            reduced.AsSpan().Fill(true);
        }
        else
        {
            foreach (var axis in axes)
            {
                reduced[ctx.Axis(axis, x.Rank)] = true;
            }
        }

        var shape = new List<int>();
        var keptShape = new int[x.Rank];
        for (var d = 0; d < x.Rank; d++)
        {
            keptShape[d] = reduced[d] ? 1 : x.Shape[d];
            if (!reduced[d])
            {
                shape.Add(x.Shape[d]);
            }
            else if (keepDims)
            {
                shape.Add(1);
            }
        }

        if (kind == ReduceKind.Max && x.Length == 0)
        {
            throw ctx.Invalid("ReduceMax over an empty tensor");
        }

        var output = ctx.Output(0, ElementKind.Float, [.. shape]);
        var keptStrides = Broadcast.Strides(keptShape);
        var map = new int[x.Length];
        var counter = new int[x.Rank];
        for (var i = 0; i < map.Length; i++)
        {
            var offset = 0;
            for (var d = 0; d < x.Rank; d++)
            {
                offset += reduced[d] ? 0 : counter[d] * keptStrides[d];
            }

            map[i] = offset;
            ShapeOperators.Advance(counter, x.Shape);
        }

        var count = output.Length == 0 ? 0 : x.Length / output.Length;
        return new ReduceKernel(x.Floats, map, output.Floats, kind, count);
    }

    /// <summary>
    /// Softmax: from opset 13 over one axis (default -1); before 13 the input is coerced to 2-D at 'axis'
    /// (default 1) and normalised over the flattened trailing block.
    /// </summary>
    public static Kernel Softmax(NodeContext ctx)
    {
        var x = ctx.Input(0, ElementKind.Float);
        var output = ctx.Output(0, ElementKind.Float, x.Shape);
        if (x.Rank == 0)
        {
            throw ctx.Invalid("Softmax of a scalar");
        }

        if (ctx.Opset >= 13)
        {
            var axis = ctx.Axis(ctx.Int("axis", -1), x.Rank);
            var outer = Tensor.ElementCount(x.Shape.AsSpan(0, axis));
            var inner = Tensor.ElementCount(x.Shape.AsSpan(axis + 1));
            return new SoftmaxKernel(x.Floats, output.Floats, outer, x.Shape[axis], inner);
        }

        var legacyAxis = ctx.Axis(ctx.Int("axis", 1), x.Rank);
        var rows = Tensor.ElementCount(x.Shape.AsSpan(0, legacyAxis));
        return new SoftmaxKernel(x.Floats, output.Floats, rows, rows == 0 ? 0 : x.Length / rows, 1);
    }
}
