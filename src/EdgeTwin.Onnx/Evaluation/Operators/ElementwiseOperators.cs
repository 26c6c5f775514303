using EdgeTwin.Onnx.Evaluation.Kernels;

namespace EdgeTwin.Onnx.Evaluation.Operators;

/// <summary>Arithmetic, comparison, activation and selection operators (ONNX Operators.md), broadcasting per "Broadcasting in ONNX".</summary>
internal static class ElementwiseOperators
{
    public static Kernel Arithmetic<TOp>(NodeContext ctx)
        where TOp : IBinaryOp<float, float>, IBinaryOp<long, long>
    {
        var (a, b) = (ctx.Input(0), ctx.Input(1));
        return a.Kind switch
        {
            ElementKind.Float => Binary<float, float, TOp>(ctx, a, b, ElementKind.Float),
            ElementKind.Int64 => Binary<long, long, TOp>(ctx, a, b, ElementKind.Int64),
            _ => throw ctx.Unsupported($"element type {a.Kind}"),
        };
    }

    public static Kernel FloatOnly<TOp>(NodeContext ctx)
        where TOp : IBinaryOp<float, float>
    {
        var (a, b) = (ctx.Input(0, ElementKind.Float), ctx.Input(1));
        if (b.Kind != ElementKind.Float)
        {
            throw ctx.Unsupported($"exponent {b} must be float");
        }

        return Binary<float, float, TOp>(ctx, a, b, ElementKind.Float);
    }

    public static Kernel Ordered<TOp>(NodeContext ctx)
        where TOp : IBinaryOp<float, bool>, IBinaryOp<long, bool>
    {
        var (a, b) = (ctx.Input(0), ctx.Input(1));
        return a.Kind switch
        {
            ElementKind.Float => Binary<float, bool, TOp>(ctx, a, b, ElementKind.Bool),
            ElementKind.Int64 => Binary<long, bool, TOp>(ctx, a, b, ElementKind.Bool),
            _ => throw ctx.Unsupported($"element type {a.Kind}"),
        };
    }

    public static Kernel Equal(NodeContext ctx)
    {
        var (a, b) = (ctx.Input(0), ctx.Input(1));
        return a.Kind switch
        {
            ElementKind.Float => Binary<float, bool, EqualOp>(ctx, a, b, ElementKind.Bool),
            ElementKind.Int64 => Binary<long, bool, EqualOp>(ctx, a, b, ElementKind.Bool),
            _ => Binary<bool, bool, EqualOp>(ctx, a, b, ElementKind.Bool),
        };
    }

    /// <summary>Variadic Max/Min: a chain of broadcasting binary kernels through planned temporaries.</summary>
    public static Kernel? Variadic<TOp>(NodeContext ctx)
        where TOp : IBinaryOp<float, float>, IBinaryOp<long, long>
    {
        if (ctx.InputCount == 0)
        {
            throw ctx.Invalid("needs at least one input");
        }

        var first = ctx.Input(0);
        if (ctx.InputCount == 1)
        {
            ctx.Alias(0, first, first.Shape);
            return null;
        }

        var chain = new List<Kernel>();
        var accumulator = first;
        for (var i = 1; i < ctx.InputCount; i++)
        {
            var next = ctx.Input(i);
            if (next.Kind != first.Kind)
            {
                throw ctx.Invalid($"input {i} {next} differs in type from input 0 {first}");
            }

            var shape = Broadcast.Shape(accumulator.Shape, next.Shape)
                ?? throw ctx.Invalid($"inputs {accumulator} and {next} cannot be broadcast together");
            var target = i == ctx.InputCount - 1
                ? ctx.Output(0, first.Kind, shape)
                : ctx.Allocate($"{ctx.Node.Outputs[0]}#partial{i}", first.Kind, shape);
            Kernel step = first.Kind switch
            {
                ElementKind.Float => new BinaryKernel<float, float, TOp>(
                    accumulator.Floats, Broadcast.IndexMap(accumulator.Shape, shape), next.Floats, Broadcast.IndexMap(next.Shape, shape), target.Floats),
                ElementKind.Int64 => new BinaryKernel<long, long, TOp>(
                    accumulator.Int64s, Broadcast.IndexMap(accumulator.Shape, shape), next.Int64s, Broadcast.IndexMap(next.Shape, shape), target.Int64s),
                _ => throw ctx.Unsupported($"element type {first.Kind}"),
            };
            chain.Add(step);
            accumulator = target;
        }

        return new KernelChain([.. chain]);
    }

    public static Kernel Unary<TOp>(NodeContext ctx)
        where TOp : IUnaryOp<float>
    {
        var x = ctx.Input(0, ElementKind.Float);
        return new UnaryKernel<float, TOp>(x.Floats, ctx.Output(0, ElementKind.Float, x.Shape).Floats);
    }

    public static Kernel SignedUnary<TOp>(NodeContext ctx)
        where TOp : IUnaryOp<float>, IUnaryOp<long>
    {
        var x = ctx.Input(0);
        return x.Kind switch
        {
            ElementKind.Float => new UnaryKernel<float, TOp>(x.Floats, ctx.Output(0, x.Kind, x.Shape).Floats),
            ElementKind.Int64 => new UnaryKernel<long, TOp>(x.Int64s, ctx.Output(0, x.Kind, x.Shape).Int64s),
            _ => throw ctx.Unsupported($"element type {x.Kind}"),
        };
    }

    public static Kernel LeakyRelu(NodeContext ctx)
    {
        var x = ctx.Input(0, ElementKind.Float);
        return new LeakyReluKernel(x.Floats, ctx.Output(0, ElementKind.Float, x.Shape).Floats, ctx.Float("alpha", 0.01f));
    }

    /// <summary>Clip: bounds are attributes before opset 11 and optional inputs from opset 11.</summary>
    public static Kernel Clip(NodeContext ctx)
    {
        var x = ctx.Input(0, ElementKind.Float);
        float min, max;
        if (ctx.Opset < 11)
        {
            min = ctx.Float("min", float.MinValue);
            max = ctx.Float("max", float.MaxValue);
        }
        else
        {
            min = ctx.ConstantScalar(1) ?? float.MinValue;
            max = ctx.ConstantScalar(2) ?? float.MaxValue;
        }

        return new ClipKernel(x.Floats, ctx.Output(0, ElementKind.Float, x.Shape).Floats, min, max);
    }

    public static Kernel Where(NodeContext ctx)
    {
        var (cond, x, y) = (ctx.Input(0, ElementKind.Bool), ctx.Input(1), ctx.Input(2));
        if (x.Kind != y.Kind)
        {
            throw ctx.Invalid($"inputs {x} and {y} differ in type");
        }

        var shape = Broadcast.Shape(cond.Shape, x.Shape, y.Shape)
            ?? throw ctx.Invalid($"inputs {cond}, {x} and {y} cannot be broadcast together");
        var output = ctx.Output(0, x.Kind, shape);
        var (mc, mx, my) = (Broadcast.IndexMap(cond.Shape, shape), Broadcast.IndexMap(x.Shape, shape), Broadcast.IndexMap(y.Shape, shape));
        return x.Kind switch
        {
            ElementKind.Float => new WhereKernel<float>(cond.Bools, mc, x.Floats, mx, y.Floats, my, output.Floats),
            ElementKind.Int64 => new WhereKernel<long>(cond.Bools, mc, x.Int64s, mx, y.Int64s, my, output.Int64s),
            _ => new WhereKernel<bool>(cond.Bools, mc, x.Bools, mx, y.Bools, my, output.Bools),
        };
    }

    private static BinaryKernel<T, TResult, TOp> Binary<T, TResult, TOp>(NodeContext ctx, Tensor a, Tensor b, ElementKind resultKind)
        where TOp : IBinaryOp<T, TResult>
    {
        if (a.Kind != b.Kind)
        {
            throw ctx.Invalid($"inputs {a} and {b} differ in type");
        }

        var shape = Broadcast.Shape(a.Shape, b.Shape) ?? throw ctx.Invalid($"inputs {a} and {b} cannot be broadcast together");
        var c = ctx.Output(0, resultKind, shape);
        return new BinaryKernel<T, TResult, TOp>(
            (T[])a.Data, Broadcast.IndexMap(a.Shape, shape), (T[])b.Data, Broadcast.IndexMap(b.Shape, shape), (TResult[])c.Data);
    }
}

/// <summary>Runs planned sub-steps of one node in order.</summary>
internal sealed class KernelChain(Kernel[] steps) : Kernel
{
    public override void Execute()
    {
        foreach (var step in steps)
        {
            step.Execute();
        }
    }
}
