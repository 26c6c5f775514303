using EdgeTwin.Onnx.Evaluation.Kernels;
using EdgeTwin.Onnx.Evaluation.Operators;

namespace EdgeTwin.Onnx.Evaluation;

/// <summary>A supported operator: the attributes it understands and how to plan it.</summary>
internal sealed record OperatorSpec(string[] Attributes, Func<NodeContext, Kernel?> Build, int MaxOutputs = 1);

/// <summary>
/// The operators the managed evaluator implements, by (domain, op_type). Anything else is rejected at load
/// with its name, as is any attribute not listed for its operator.
/// </summary>
internal static class OperatorRegistry
{
    public const string MlDomain = "ai.onnx.ml";

    /// <summary>Default-domain opsets whose semantics for the operators below are implemented (7 introduced today's broadcasting).</summary>
    public const long MinOpset = 7;

    public const long MaxOpset = 18;

    public const long MaxMlOpset = 3;

    private static readonly Dictionary<(string Domain, string OpType), OperatorSpec> Specs = Create();

    public static OperatorSpec? Find(string domain, string opType) =>
        Specs.GetValueOrDefault((domain == "ai.onnx" ? "" : domain, opType));

    public static IEnumerable<string> Names => Specs.Keys.Select(k => k.Domain.Length == 0 ? k.OpType : $"{k.Domain}.{k.OpType}");

    private static Dictionary<(string, string), OperatorSpec> Create()
    {
        string[] none = [];
        string[] reduce = ["axes", "keepdims", "noop_with_empty_axes"];
        var specs = new Dictionary<(string, string), OperatorSpec>
        {
            [("", "Add")] = new(none, ElementwiseOperators.Arithmetic<AddOp>),
            [("", "Sub")] = new(none, ElementwiseOperators.Arithmetic<SubOp>),
            [("", "Mul")] = new(none, ElementwiseOperators.Arithmetic<MulOp>),
            [("", "Div")] = new(none, ElementwiseOperators.Arithmetic<DivOp>),
            [("", "Pow")] = new(none, ElementwiseOperators.FloatOnly<PowOp>),
            [("", "Max")] = new(none, ElementwiseOperators.Variadic<MaxOp>),
            [("", "Min")] = new(none, ElementwiseOperators.Variadic<MinOp>),
            [("", "Greater")] = new(none, ElementwiseOperators.Ordered<GreaterOp>),
            [("", "Less")] = new(none, ElementwiseOperators.Ordered<LessOp>),
            [("", "Equal")] = new(none, ElementwiseOperators.Equal),
            [("", "Where")] = new(none, ElementwiseOperators.Where),
            [("", "Sqrt")] = new(none, ElementwiseOperators.Unary<SqrtOp>),
            [("", "Exp")] = new(none, ElementwiseOperators.Unary<ExpOp>),
            [("", "Log")] = new(none, ElementwiseOperators.Unary<LogOp>),
            [("", "Relu")] = new(none, ElementwiseOperators.Unary<ReluOp>),
            [("", "Sigmoid")] = new(none, ElementwiseOperators.Unary<SigmoidOp>),
            [("", "Tanh")] = new(none, ElementwiseOperators.Unary<TanhOp>),
            [("", "Abs")] = new(none, ElementwiseOperators.SignedUnary<AbsOp>),
            [("", "Neg")] = new(none, ElementwiseOperators.SignedUnary<NegOp>),
            [("", "LeakyRelu")] = new(["alpha"], ElementwiseOperators.LeakyRelu),
            [("", "Clip")] = new(["min", "max"], ElementwiseOperators.Clip),
            [("", "Softmax")] = new(["axis"], ReductionOperators.Softmax),
            [("", "ReduceSum")] = new(reduce, ctx => ReductionOperators.Reduce(ctx, ReduceKind.Sum)),
            [("", "ReduceMean")] = new(reduce, ctx => ReductionOperators.Reduce(ctx, ReduceKind.Mean)),
            [("", "ReduceMax")] = new(reduce, ctx => ReductionOperators.Reduce(ctx, ReduceKind.Max)),
            [("", "Identity")] = new(none, ShapeOperators.Identity),
            [("", "Reshape")] = new(["allowzero"], ShapeOperators.Reshape),
            [("", "Flatten")] = new(["axis"], ShapeOperators.Flatten),
            [("", "Squeeze")] = new(["axes"], ShapeOperators.Squeeze),
            [("", "Unsqueeze")] = new(["axes"], ShapeOperators.Unsqueeze),
            [("", "Transpose")] = new(["perm"], ShapeOperators.Transpose),
            [("", "Slice")] = new(["starts", "ends", "axes"], ShapeOperators.Slice),
            [("", "Gather")] = new(["axis"], ShapeOperators.Gather),
            [("", "Concat")] = new(["axis"], ShapeOperators.Concat),
            [("", "Cast")] = new(["to"], ShapeOperators.Cast),
            [("", "Constant")] = new(["value", "value_float", "value_floats", "value_int", "value_ints"], ShapeOperators.Constant),
            [("", "Gemm")] = new(["alpha", "beta", "transA", "transB"], LinearOperators.Gemm),
            [("", "MatMul")] = new(none, LinearOperators.MatMul),
            [("", "Conv")] = new(["auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"], LinearOperators.Conv),
            [("", "BatchNormalization")] = new(["epsilon", "momentum", "training_mode", "spatial"], LinearOperators.BatchNormalization, MaxOutputs: 5),
            [(MlDomain, "TreeEnsembleRegressor")] = new(TreeEnsembleRegressorOperator.Attributes, TreeEnsembleRegressorOperator.Build),
        };
        return specs;
    }
}
