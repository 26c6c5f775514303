using EdgeTwin.Onnx.Evaluation.Kernels;

namespace EdgeTwin.Onnx.Evaluation.Operators;

/// <summary>Gemm, MatMul, 1-D Conv and inference-mode BatchNormalization (Operators.md).</summary>
internal static class LinearOperators
{
    public static Kernel Gemm(NodeContext ctx)
    {
        var (a, b) = (ctx.Input(0, ElementKind.Float), ctx.Input(1, ElementKind.Float));
        var c = ctx.OptionalInput(2);
        if (a.Rank != 2 || b.Rank != 2)
        {
            throw ctx.Invalid($"A {a} and B {b} must be matrices");
        }

        var transA = ctx.Int("transA", 0) != 0;
        var transB = ctx.Int("transB", 0) != 0;
        var (m, k) = transA ? (a.Shape[1], a.Shape[0]) : (a.Shape[0], a.Shape[1]);
        var (kb, n) = transB ? (b.Shape[1], b.Shape[0]) : (b.Shape[0], b.Shape[1]);
        if (k != kb)
        {
            throw ctx.Invalid($"inner dimensions differ: A {a} (transA={transA}) and B {b} (transB={transB})");
        }

        int[] shape = [m, n];
        var output = ctx.Output(0, ElementKind.Float, shape);
        float[]? bias = null;
        int[]? biasMap = null;
        if (c is not null)
        {
            if (c.Kind != ElementKind.Float || Broadcast.Shape(c.Shape, shape) is not { } broadcast || !broadcast.AsSpan().SequenceEqual(shape))
            {
                throw ctx.Invalid($"C {c} cannot be broadcast to [{m},{n}]");
            }

            bias = c.Floats;
            biasMap = Broadcast.IndexMap(c.Shape, shape);
        }

        return new GemmKernel(a.Floats, transA, b, transB, m, k, n, ctx.Float("alpha", 1f), bias, biasMap, ctx.Float("beta", 1f), output.Floats);
    }

    /// <summary>MatMul with numpy.matmul semantics: 1-D operands are promoted, leading dims broadcast.</summary>
    public static Kernel MatMul(NodeContext ctx)
    {
        var (a, b) = (ctx.Input(0, ElementKind.Float), ctx.Input(1, ElementKind.Float));
        if (a.Rank == 0 || b.Rank == 0)
        {
            throw ctx.Invalid("MatMul operands must have rank >= 1");
        }

        var aShape = a.Rank == 1 ? new[] { 1, a.Shape[0] } : a.Shape;
        var bShape = b.Rank == 1 ? new[] { b.Shape[0], 1 } : b.Shape;
        var (m, k) = (aShape[^2], aShape[^1]);
        var (kb, n) = (bShape[^2], bShape[^1]);
        if (k != kb)
        {
            throw ctx.Invalid($"inner dimensions differ: {a} and {b}");
        }

        var batch = Broadcast.Shape(aShape[..^2], bShape[..^2]) ?? throw ctx.Invalid($"batch dimensions of {a} and {b} cannot be broadcast");
        var shape = new List<int>(batch);
        if (a.Rank > 1)
        {
            shape.Add(m);
        }

        if (b.Rank > 1)
        {
            shape.Add(n);
        }

        var output = ctx.Output(0, ElementKind.Float, [.. shape]);
        var batchCount = Tensor.ElementCount(batch);
        var aBatch = Broadcast.IndexMap(aShape[..^2], batch);
        var bBatch = Broadcast.IndexMap(bShape[..^2], batch);
        var aOffsets = new int[batchCount];
        var bOffsets = new int[batchCount];
        for (var i = 0; i < batchCount; i++)
        {
            aOffsets[i] = (aBatch is null ? i : aBatch[i]) * m * k;
            bOffsets[i] = (bBatch is null ? i : bBatch[i]) * k * n;
        }

        return new MatMulKernel(a.Floats, aOffsets, b.Floats, bOffsets, m, k, n, output.Floats);
    }

    /// <summary>Conv over one spatial axis: X [N,C,L], W [M,C/group,K], optional B [M]; explicit pads or auto_pad VALID.</summary>
    public static Kernel Conv(NodeContext ctx)
    {
        var (x, w) = (ctx.Input(0, ElementKind.Float), ctx.Input(1, ElementKind.Float));
        var bias = ctx.OptionalInput(2);
        if (x.Rank != 3 || w.Rank != 3)
        {
            throw ctx.Unsupported($"only 1-D convolution (X rank 3) is supported; X is {x}, W is {w}");
        }

        var autoPad = ctx.String("auto_pad", "NOTSET");
        if (autoPad is not ("NOTSET" or "VALID"))
        {
            throw ctx.Unsupported($"auto_pad '{autoPad}'; supported: NOTSET, VALID");
        }

        var group = (int)ctx.Int("group", 1);
        var (batch, channels, length) = (x.Shape[0], x.Shape[1], x.Shape[2]);
        var (filters, perGroup, kernel) = (w.Shape[0], w.Shape[1], w.Shape[2]);
        if (group < 1 || channels % group != 0 || filters % group != 0 || perGroup != channels / group)
        {
            throw ctx.Invalid($"X {x}, W {w} and group {group} do not agree");
        }

        var shapeAttr = ctx.Ints("kernel_shape");
        if (shapeAttr is not null && (shapeAttr.Length != 1 || shapeAttr[0] != kernel))
        {
            throw ctx.Invalid($"kernel_shape [{string.Join(",", shapeAttr)}] disagrees with W {w}");
        }

        var pads = ctx.Ints("pads") ?? [0, 0];
        var strides = ctx.Ints("strides") ?? [1];
        var dilations = ctx.Ints("dilations") ?? [1];
        if (pads.Length != 2 || strides.Length != 1 || dilations.Length != 1 || strides[0] is < 1 or > 65536 || dilations[0] is < 1 or > 65536 || pads[0] is < 0 or > 65536 || pads[1] is < 0 or > 65536)
        {
            throw ctx.Invalid("pads, strides or dilations are invalid for a 1-D convolution");
        }

        if (autoPad == "VALID")
        {
            pads = [0, 0];
        }

        var (padBegin, stride, dilation) = ((int)pads[0], (int)strides[0], (int)dilations[0]);
        var span = (dilation * (kernel - 1)) + 1;
        var outLength = ((length + padBegin + (int)pads[1] - span) / stride) + 1;
        if (outLength < 1)
        {
            throw ctx.Invalid($"the kernel of {w} does not fit X {x}");
        }

        if (bias is not null && (bias.Kind != ElementKind.Float || bias.Length != filters))
        {
            throw ctx.Invalid($"B {bias} must hold {filters} floats");
        }

        var output = ctx.Output(0, ElementKind.Float, [batch, filters, outLength]);
        return new Conv1DKernel(x.Floats, w.Floats, bias?.Floats, output.Floats,
            new Conv1DGeometry(batch, channels, length, filters, group, kernel, padBegin, stride, dilation, outLength));
    }

    /// <summary>BatchNormalization in inference mode: y = (x - mean) / sqrt(var + epsilon) * scale + B per channel (axis 1).</summary>
    public static Kernel BatchNormalization(NodeContext ctx)
    {
        var x = ctx.Input(0, ElementKind.Float);
        if (ctx.Int("training_mode", 0) != 0 || ctx.OutputCount > 1)
        {
            throw ctx.Unsupported("training mode (running statistics outputs)");
        }

        if (x.Rank < 2)
        {
            throw ctx.Invalid($"X {x} needs a channel axis");
        }

        var channels = x.Shape[1];
        var parameters = new float[4][];
        for (var i = 0; i < 4; i++)
        {
            var p = ctx.Input(i + 1, ElementKind.Float);
            if (!p.IsConstant)
            {
                throw ctx.Unsupported($"input {i + 1} {p} must be constant");
            }

            if (p.Length != channels)
            {
                throw ctx.Invalid($"input {i + 1} {p} must hold {channels} values");
            }

            parameters[i] = p.Floats;
        }

        var epsilon = ctx.Float("epsilon", 1e-5f);
        var scale = new float[channels];
        var shift = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var inv = parameters[0][c] / MathF.Sqrt(parameters[3][c] + epsilon);
            scale[c] = inv;
            shift[c] = parameters[1][c] - (parameters[2][c] * inv);
        }

        var inner = Tensor.ElementCount(x.Shape.AsSpan(2));
        return new ChannelAffineKernel(x.Floats, scale, shift, inner, ctx.Output(0, ElementKind.Float, x.Shape).Floats);
    }
}
