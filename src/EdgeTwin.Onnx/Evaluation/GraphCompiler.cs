using EdgeTwin.Onnx.Model;

namespace EdgeTwin.Onnx.Evaluation;

/// <summary>The result of planning: bound input/output tensors and the kernels to run, in order.</summary>
internal sealed record GraphPlan(Tensor[] Inputs, Tensor[] Outputs, Kernel[] Kernels);

/// <summary>
/// Plans a model for the managed evaluator: resolves every shape statically, binds each node to buffers
/// allocated here, folds nodes whose inputs are all constant, and rejects anything unsupported by name.
/// Nodes must be in topological order (ONNX IR spec, "Graphs": "nodes ... MUST be topologically sorted").
/// </summary>
internal static class GraphCompiler
{
    public static GraphPlan Compile(OnnxModel model, ManagedEngineOptions options)
    {
        if (options.BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "BatchSize must be at least 1");
        }

        var opset = CheckOpsets(model);
        var mlOpset = model.OpsetVersion(OperatorRegistry.MlDomain) ?? 0;
        var graph = model.Graph;
        if (graph.SparseInitializerCount > 0)
        {
            throw new OnnxUnsupportedException("model.graph.sparse_initializer: sparse initializers are not supported");
        }

        var budget = new PlanBudget(options.MaxPlannedElements);
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var i = 0; i < graph.Initializers.Count; i++)
        {
            var proto = graph.Initializers[i];
            if (proto.Name.Length == 0)
            {
                throw new OnnxFormatException($"model.graph.initializer[{i}]", "initializer has no name");
            }

            values[proto.Name] = Initializers.FromProto(proto, proto.Name, $"model.graph.initializer[{i}]");
        }

        var inputs = new List<Tensor>();
        for (var i = 0; i < graph.Inputs.Count; i++)
        {
            var info = graph.Inputs[i];
            if (values.ContainsKey(info.Name))
            {
                // IR < 4 lists initializers among the inputs; they stay constants here.
                continue;
            }

            var shape = InputShape(info, i, options.BatchSize);
            budget.Reserve(Tensor.ElementCount(shape), $"model.graph.input[{i}]");
            var tensor = Tensor.Allocate(info.Name, ElementKind.Float, shape);
            if (!values.TryAdd(info.Name, tensor))
            {
                throw new OnnxFormatException($"model.graph.input[{i}]", $"input name '{info.Name}' is repeated");
            }

            inputs.Add(tensor);
        }

        var kernels = new List<Kernel>();
        for (var n = 0; n < graph.Nodes.Count; n++)
        {
            if (PlanNode(graph.Nodes[n], n, opset, mlOpset, values, budget) is { } kernel)
            {
                kernels.Add(kernel);
            }
        }

        var outputs = new Tensor[graph.Outputs.Count];
        for (var i = 0; i < outputs.Length; i++)
        {
            var info = graph.Outputs[i];
            if (!values.TryGetValue(info.Name, out var tensor))
            {
                throw new OnnxFormatException($"model.graph.output[{i}]", $"output '{info.Name}' is not produced by any node");
            }

            CheckDeclaredShape(info, tensor, i, options.BatchSize);
            outputs[i] = tensor;
        }

        if (outputs.Length == 0)
        {
            throw new OnnxFormatException("model.graph.output", "the graph has no outputs");
        }

        return new GraphPlan([.. inputs], outputs, [.. kernels]);
    }

    /// <summary>Binds one node; returns the kernel to run per inference, or null when it was folded or is a view.</summary>
    private static Kernel? PlanNode(OnnxNode node, int n, long opset, long mlOpset, Dictionary<string, Tensor> values, PlanBudget budget)
    {
        var domain = node.Domain == "ai.onnx" ? "" : node.Domain;
        var spec = OperatorRegistry.Find(domain, node.OpType)
            ?? throw new OnnxUnsupportedException(
                $"model.graph.node[{n}]: operator '{(domain.Length == 0 ? "" : domain + ".")}{node.OpType}' is not supported by the managed evaluator");
        if (domain == OperatorRegistry.MlDomain && mlOpset is < 1 or > OperatorRegistry.MaxMlOpset)
        {
            throw new OnnxUnsupportedException($"model.graph.node[{n}]: {node.OpType} needs an ai.onnx.ml opset import of version 1..{OperatorRegistry.MaxMlOpset} (model has {mlOpset})");
        }

        var ctx = new NodeContext(node, n, domain.Length == 0 ? opset : mlOpset, ResolveInputs(node, n, values), budget);
        if (node.Outputs.Count == 0 || node.Outputs.Count > spec.MaxOutputs)
        {
            throw ctx.Invalid($"{node.Outputs.Count} outputs; {node.OpType} has 1..{spec.MaxOutputs}");
        }

        foreach (var attribute in node.Attributes)
        {
            if (Array.IndexOf(spec.Attributes, attribute.Name) < 0)
            {
                throw ctx.Unsupported($"attribute '{attribute.Name}' is not supported");
            }
        }

        var kernel = spec.Build(ctx);
        var constant = true;
        for (var i = 0; i < ctx.InputCount; i++)
        {
            constant &= ctx.OptionalInput(i)?.IsConstant ?? true;
        }

        for (var o = 0; o < node.Outputs.Count; o++)
        {
            var name = node.Outputs[o];
            if (name.Length == 0)
            {
                continue;
            }

            var output = ctx.Outputs[o] ?? throw ctx.Unsupported($"output {o} ('{name}') is not produced by this engine");
            output.IsConstant = constant;
            if (!values.TryAdd(name, output))
            {
                throw ctx.Invalid($"output '{name}' is assigned twice (graphs are in SSA form)");
            }
        }

        if (!constant)
        {
            return kernel;
        }

        // Everything it reads is known now: compute it once here, never per run.
        kernel?.Execute();
        return null;
    }

    private static long CheckOpsets(OnnxModel model)
    {
        var opset = model.OpsetVersion("") ?? throw new OnnxUnsupportedException("model.opset_import: no import of the default ONNX domain");
        if (opset is < OperatorRegistry.MinOpset or > OperatorRegistry.MaxOpset)
        {
            throw new OnnxUnsupportedException(
                $"model.opset_import: ONNX opset {opset} is not supported (supported: {OperatorRegistry.MinOpset}..{OperatorRegistry.MaxOpset})");
        }

        return opset;
    }

    private static Tensor?[] ResolveInputs(OnnxNode node, int index, Dictionary<string, Tensor> values)
    {
        var inputs = new Tensor?[node.Inputs.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            var name = node.Inputs[i];
            if (name.Length == 0)
            {
                continue;
            }

            inputs[i] = values.TryGetValue(name, out var tensor)
                ? tensor
                : throw new OnnxFormatException($"model.graph.node[{index}]", $"input '{name}' is not a graph input, initializer or output of an earlier node");
        }

        return inputs;
    }

    private static int[] InputShape(OnnxValueInfo info, int index, int batchSize)
    {
        var where = $"model.graph.input[{index}] '{info.Name}'";
        if (!info.IsTensor)
        {
            throw new OnnxUnsupportedException($"{where}: only tensor inputs are supported");
        }

        if (info.ElementType != OnnxDataType.Float)
        {
            throw new OnnxUnsupportedException($"{where}: input element type {info.ElementType} is not supported (inputs must be Float)");
        }

        if (info.Shape is null)
        {
            throw new OnnxUnsupportedException($"{where}: the input has no shape; a static shape is required");
        }

        var shape = new int[info.Shape.Count];
        for (var d = 0; d < shape.Length; d++)
        {
            var dim = info.Shape[d];
            if (dim.Value is { } value)
            {
                shape[d] = value <= 1 << 24 ? (int)value : throw new OnnxUnsupportedException($"{where}: dimension {d} = {value} is too large");
            }
            else if (d == 0)
            {
                shape[d] = batchSize;
            }
            else
            {
                throw new OnnxUnsupportedException($"{where}: symbolic dimension {d} ('{dim}') is not supported; only the first (batch) dimension may be symbolic");
            }
        }

        _ = Tensor.ElementCount(shape);
        return shape;
    }

    private static void CheckDeclaredShape(OnnxValueInfo info, Tensor tensor, int index, int batchSize)
    {
        if (info.Shape is null)
        {
            return;
        }

        var matches = info.Shape.Count == tensor.Rank;
        for (var d = 0; matches && d < tensor.Rank; d++)
        {
            var dim = info.Shape[d];
            matches = dim.Value is not { } value || value == tensor.Shape[d] || (d == 0 && batchSize != 1 && value == 1);
        }

        if (!matches)
        {
            throw new OnnxFormatException(
                $"model.graph.output[{index}]",
                $"declared shape [{string.Join(",", info.Shape)}] disagrees with the computed shape [{string.Join(",", tensor.Shape)}]");
        }
    }
}
