using EdgeTwin.Onnx.Evaluation.Kernels;
using EdgeTwin.Onnx.Model;

namespace EdgeTwin.Onnx.Evaluation.Operators;

/// <summary>
/// Operators that move or reinterpret data. Views (Reshape, Flatten, Squeeze, Unsqueeze, Identity) share their
/// input's buffer and need no kernel; the rest are planned into index maps or block copies at load.
/// </summary>
internal static class ShapeOperators
{
    public static Kernel? Identity(NodeContext ctx)
    {
        var x = ctx.Input(0);
        ctx.Alias(0, x, x.Shape);
        return null;
    }

    /// <summary>Reshape: 0 copies the input dim (unless allowzero=1), -1 is inferred (Operators.md "Reshape").</summary>
    public static Kernel? Reshape(NodeContext ctx)
    {
        var x = ctx.Input(0);
        var requested = ctx.ConstantInt64s(1) ?? throw ctx.Invalid("the 'shape' input is missing");
        var allowZero = ctx.Int("allowzero", 0) != 0;
        var shape = new int[requested.Length];
        var inferred = -1;
        long known = 1;
        for (var d = 0; d < requested.Length; d++)
        {
            var dim = requested[d];
            if (dim == -1)
            {
                if (inferred >= 0)
                {
                    throw ctx.Invalid("more than one -1 in 'shape'");
                }

                inferred = d;
                continue;
            }

            if (dim == 0 && !allowZero)
            {
                if (d >= x.Rank)
                {
                    throw ctx.Invalid($"shape[{d}] = 0 copies a dimension the input {x} does not have");
                }

                dim = x.Shape[d];
            }

            if (dim < 0 || dim > int.MaxValue)
            {
                throw ctx.Invalid($"shape[{d}] = {dim} is invalid");
            }

            shape[d] = (int)dim;
            known *= dim;
        }

        if (inferred >= 0)
        {
            if (known == 0 || x.Length % known != 0)
            {
                throw ctx.Invalid($"cannot infer the -1 dimension reshaping {x} to [{string.Join(",", requested)}]");
            }

            shape[inferred] = (int)(x.Length / known);
        }

        ctx.Alias(0, x, shape);
        return null;
    }

    public static Kernel? Flatten(NodeContext ctx)
    {
        var x = ctx.Input(0);
        var axis = ctx.Int("axis", 1);
        var a = axis == x.Rank ? x.Rank : ctx.Axis(axis, x.Rank);
        var outer = Tensor.ElementCount(x.Shape.AsSpan(0, a));
        ctx.Alias(0, x, [outer, outer == 0 ? 0 : x.Length / outer]);
        return null;
    }

    /// <summary>Squeeze: axes are an attribute before opset 13 and an input from 13.</summary>
    public static Kernel? Squeeze(NodeContext ctx)
    {
        var x = ctx.Input(0);
        var axes = ctx.Ints("axes") ?? ctx.ConstantInt64s(1);
        var drop = new bool[x.Rank];
        if (axes is null)
        {
            for (var d = 0; d < x.Rank; d++)
            {
                drop[d] = x.Shape[d] == 1;
            }
        }
        else
        {
            foreach (var axis in axes)
            {
                var a = ctx.Axis(axis, x.Rank);
                if (x.Shape[a] != 1)
                {
                    throw ctx.Invalid($"cannot squeeze axis {axis} of {x}: its size is not 1");
                }

                drop[a] = true;
            }
        }

        var shape = new List<int>();
        for (var d = 0; d < x.Rank; d++)
        {
            if (!drop[d])
            {
                shape.Add(x.Shape[d]);
            }
        }

        ctx.Alias(0, x, [.. shape]);
        return null;
    }

    public static Kernel? Unsqueeze(NodeContext ctx)
    {
        var x = ctx.Input(0);
        var axes = ctx.Ints("axes") ?? ctx.ConstantInt64s(1) ?? throw ctx.Invalid("'axes' is missing");
        var rank = x.Rank + axes.Length;
        var inserted = new bool[rank];
        foreach (var axis in axes)
        {
            var a = ctx.Axis(axis, rank);
            if (inserted[a])
            {
                throw ctx.Invalid($"axis {axis} is repeated");
            }

            inserted[a] = true;
        }

        var shape = new int[rank];
        var source = 0;
        for (var d = 0; d < rank; d++)
        {
            shape[d] = inserted[d] ? 1 : x.Shape[source++];
        }

        ctx.Alias(0, x, shape);
        return null;
    }

    public static Kernel Transpose(NodeContext ctx)
    {
        var x = ctx.Input(0);
        var perm = ctx.Ints("perm");
        var axes = new int[x.Rank];
        var seen = new bool[x.Rank];
        for (var d = 0; d < x.Rank; d++)
        {
            var p = perm is null ? x.Rank - 1 - d : (perm.Length == x.Rank ? ctx.Axis(perm[d], x.Rank) : throw ctx.Invalid($"perm has {perm.Length} entries for rank {x.Rank}"));
            if (seen[p])
            {
                throw ctx.Invalid($"perm repeats axis {p}");
            }

            seen[p] = true;
            axes[d] = p;
        }

        var shape = new int[x.Rank];
        for (var d = 0; d < x.Rank; d++)
        {
            shape[d] = x.Shape[axes[d]];
        }

        var output = ctx.Output(0, x.Kind, shape);
        var inStrides = Broadcast.Strides(x.Shape);
        var map = new int[x.Length];
        var counter = new int[x.Rank];
        for (var i = 0; i < map.Length; i++)
        {
            var offset = 0;
            for (var d = 0; d < x.Rank; d++)
            {
                offset += counter[d] * inStrides[axes[d]];
            }

            map[i] = offset;
            Advance(counter, shape);
        }

        return Mapped(x, map, output);
    }

    /// <summary>Slice with starts/ends/axes/steps as constant inputs (opset 10+) or attributes (before 10).</summary>
    public static Kernel Slice(NodeContext ctx)
    {
        var x = ctx.Input(0);
        long[] starts, ends;
        long[]? axes, steps;
        if (ctx.Opset < 10)
        {
            starts = ctx.Ints("starts") ?? throw ctx.Invalid("'starts' is missing");
            ends = ctx.Ints("ends") ?? throw ctx.Invalid("'ends' is missing");
            axes = ctx.Ints("axes");
            steps = null;
        }
        else
        {
            starts = ctx.ConstantInt64s(1) ?? throw ctx.Invalid("'starts' is missing");
            ends = ctx.ConstantInt64s(2) ?? throw ctx.Invalid("'ends' is missing");
            axes = ctx.ConstantInt64s(3);
            steps = ctx.ConstantInt64s(4);
        }

        if (ends.Length != starts.Length || (axes is not null && axes.Length != starts.Length) || (steps is not null && steps.Length != starts.Length))
        {
            throw ctx.Invalid("starts, ends, axes and steps differ in length");
        }

        var begin = new int[x.Rank];
        var step = new int[x.Rank];
        var shape = (int[])x.Shape.Clone();
        step.AsSpan().Fill(1);
        for (var i = 0; i < starts.Length; i++)
        {
            var axis = ctx.Axis(axes is null ? i : axes[i], x.Rank);
            var dim = x.Shape[axis];
            var s = steps is null ? 1 : steps[i];
            if (s == 0)
            {
                throw ctx.Invalid("a step of 0");
            }

            // A step beyond the dimension selects one element either way; clamping keeps the arithmetic in range.
            s = Math.Clamp(s, -dim - 1L, dim + 1L);

            // Operators.md "Slice": negative bounds count from the end, then clamp to [0, dim] (or [-1, dim-1] for negative steps).
            var start = starts[i] < 0 ? starts[i] + dim : starts[i];
            var end = ends[i] < 0 ? ends[i] + dim : ends[i];
            if (dim == 0)
            {
                (start, end) = (0, 0);
            }
            else if (s > 0)
            {
                start = Math.Clamp(start, 0, dim);
                end = Math.Clamp(end, 0, dim);
            }
            else
            {
                start = Math.Clamp(start, 0, dim - 1);
                end = Math.Clamp(end, -1, dim - 1);
            }

            var count = s > 0 ? (end - start + s - 1) / s : (start - end - s - 1) / -s;
            begin[axis] = (int)start;
            step[axis] = (int)s;
            shape[axis] = (int)Math.Max(0, count);
        }

        var output = ctx.Output(0, x.Kind, shape);
        var inStrides = Broadcast.Strides(x.Shape);
        var map = new int[output.Length];
        var counter = new int[x.Rank];
        for (var i = 0; i < map.Length; i++)
        {
            var offset = 0;
            for (var d = 0; d < x.Rank; d++)
            {
                offset += (begin[d] + (counter[d] * step[d])) * inStrides[d];
            }

            map[i] = offset;
            Advance(counter, shape);
        }

        return Mapped(x, map, output);
    }

    /// <summary>Gather along an axis; indices must be constant so out-of-range ones are rejected at load.</summary>
    public static Kernel Gather(NodeContext ctx)
    {
        var data = ctx.Input(0);
        var indices = ctx.ConstantInt64s(1) ?? throw ctx.Invalid("'indices' is missing");
        var indexShape = ctx.Input(1).Shape;
        var axis = ctx.Axis(ctx.Int("axis", 0), data.Rank);
        var dim = data.Shape[axis];
        var shape = new List<int>(data.Shape[..axis]);
        shape.AddRange(indexShape);
        shape.AddRange(data.Shape[(axis + 1)..]);
        var outer = Tensor.ElementCount(data.Shape.AsSpan(0, axis));
        var inner = Tensor.ElementCount(data.Shape.AsSpan(axis + 1));
        var output = ctx.Output(0, data.Kind, [.. shape]);
        var map = new int[output.Length];
        var k = 0;
        for (var o = 0; o < outer; o++)
        {
            foreach (var raw in indices)
            {
                var index = raw < 0 ? raw + dim : raw;
                if (index < 0 || index >= dim)
                {
                    throw ctx.Invalid($"index {raw} is out of range for axis {axis} of size {dim}");
                }

                for (var i = 0; i < inner; i++)
                {
                    map[k++] = (((o * dim) + (int)index) * inner) + i;
                }
            }
        }

        return Mapped(data, map, output);
    }

    public static Kernel Concat(NodeContext ctx)
    {
        var first = ctx.Input(0);
        var axis = ctx.Axis(ctx.Attribute("axis", OnnxAttributeType.Int)?.Int ?? throw ctx.Invalid("'axis' is missing"), first.Rank);
        var shape = (int[])first.Shape.Clone();
        shape[axis] = 0;
        var parts = new Tensor[ctx.InputCount];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = ctx.Input(i);
            if (part.Kind != first.Kind || part.Rank != first.Rank)
            {
                throw ctx.Invalid($"input {i} {part} does not match input 0 {first}");
            }

            for (var d = 0; d < first.Rank; d++)
            {
                if (d != axis && part.Shape[d] != first.Shape[d])
                {
                    throw ctx.Invalid($"input {i} {part} differs from input 0 {first} outside axis {axis}");
                }
            }

            shape[axis] += part.Shape[axis];
            parts[i] = part;
        }

        var output = ctx.Output(0, first.Kind, shape);
        var outer = Tensor.ElementCount(first.Shape.AsSpan(0, axis));
        return new ConcatKernel([.. parts.Select(p => p.Data)], [.. parts.Select(p => p.Length / Math.Max(outer, 1))], outer, output.Data);
    }

    public static Kernel? Cast(NodeContext ctx)
    {
        var x = ctx.Input(0);
        var to = (OnnxDataType)ctx.Int("to", 0);
        var kind = to switch
        {
            OnnxDataType.Float => ElementKind.Float,
            OnnxDataType.Int64 => ElementKind.Int64,
            OnnxDataType.Bool => ElementKind.Bool,
            _ => throw ctx.Unsupported($"Cast to {to}; supported: Float, Int64, Bool"),
        };
        if (kind == x.Kind)
        {
            ctx.Alias(0, x, x.Shape);
            return null;
        }

        return new CastKernel(x, ctx.Output(0, kind, x.Shape));
    }

    public static Kernel? Constant(NodeContext ctx)
    {
        if (ctx.Node.Attributes.Count != 1)
        {
            throw ctx.Invalid("a Constant needs exactly one value attribute");
        }

        var attribute = ctx.Node.Attributes[0];
        var output = attribute.Name switch
        {
            "value" when attribute.Tensor is not null => Initializers.FromProto(attribute.Tensor, ctx.Node.Outputs[0], ctx.Where),
            "value_float" => new Tensor(ctx.Node.Outputs[0], ElementKind.Float, [], new[] { attribute.Float }),
            "value_floats" => new Tensor(ctx.Node.Outputs[0], ElementKind.Float, [attribute.Floats.Count], attribute.Floats.ToArray()),
            "value_int" => new Tensor(ctx.Node.Outputs[0], ElementKind.Int64, [], new[] { attribute.Int }),
            "value_ints" => new Tensor(ctx.Node.Outputs[0], ElementKind.Int64, [attribute.Ints.Count], attribute.Ints.ToArray()),
            _ => throw ctx.Unsupported($"Constant attribute '{attribute.Name}'"),
        };
        ctx.Alias(0, output, output.Shape);
        return null;
    }

    private static Kernel Mapped(Tensor x, int[] map, Tensor output)
    {
        return x.Kind switch
        {
            ElementKind.Float => new IndexMapKernel<float>(x.Floats, map, output.Floats),
            ElementKind.Int64 => new IndexMapKernel<long>(x.Int64s, map, output.Int64s),
            _ => new IndexMapKernel<bool>(x.Bools, map, output.Bools),
        };
    }

    internal static void Advance(int[] counter, int[] shape)
    {
        for (var d = counter.Length - 1; d >= 0; d--)
        {
            if (++counter[d] < shape[d])
            {
                return;
            }

            counter[d] = 0;
        }
    }
}
