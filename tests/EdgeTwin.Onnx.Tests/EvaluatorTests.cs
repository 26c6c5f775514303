using System.Text.Json;
using EdgeTwin.Onnx.Evaluation;
using EdgeTwin.Onnx.Model;

namespace EdgeTwin.Onnx.Tests;

public sealed class EvaluatorTests
{
    public static IEnumerable<object[]> UnsupportedCases()
    {
        using var stream = File.OpenRead(TestModels.PathOf("unsupported/expectations.json"));
        using var document = JsonDocument.Parse(stream);
        foreach (var item in document.RootElement.EnumerateArray())
        {
            yield return [item.GetProperty("file").GetString()!, item.GetProperty("expect").GetString()!];
        }
    }

    [Theory]
    [MemberData(nameof(UnsupportedCases))]
    public void Unsupported_models_are_rejected_at_load_naming_the_reason(string file, string expected)
    {
        var error = Assert.Throws<OnnxUnsupportedException>(() => ManagedInferenceEngine.Load(TestModels.PathOf(file)));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Computes_a_hand_built_model()
    {
        using var engine = ManagedInferenceEngine.Load(ProtoBuilder.Model(ProtoBuilder.AddGraph()).ToArray());
        var output = new float[3];

        engine.Run([10f, 20f, 30f], output);

        Assert.Equal([10f, 21f, 32f], output);
        Assert.Equal("x: Float[3]", engine.Inputs[0].ToString());
    }

    [Fact]
    public void Nodes_computable_from_constants_are_folded_at_load()
    {
        // shape_ops: the Constant nodes and the Mul of a constant with a computed slice; only data-dependent nodes remain.
        using var engine = ManagedInferenceEngine.Load(TestModels.PathOf("shape_ops.onnx"));
        var model = OnnxModelReader.ReadFile(TestModels.PathOf("shape_ops.onnx"));

        Assert.True(engine.KernelCount < model.Graph.Nodes.Count, $"{engine.KernelCount} kernels for {model.Graph.Nodes.Count} nodes");
    }

    [Fact]
    public void A_node_reading_a_value_not_yet_produced_is_a_format_error()
    {
        var graph = new ProtoBuilder()
            .Message(1, ProtoBuilder.Node("Relu", ["h"], ["y"]))
            .Message(1, ProtoBuilder.Node("Relu", ["x"], ["h"]))
            .Message(11, ProtoBuilder.ValueInfo("x", 3))
            .Message(12, ProtoBuilder.ValueInfo("y", 3));

        var error = Assert.Throws<OnnxFormatException>(() => ManagedInferenceEngine.Load(ProtoBuilder.Model(graph).ToArray()));

        Assert.Contains("input 'h' is not a graph input, initializer or output of an earlier node", error.Message);
    }

    [Fact]
    public void Incompatible_broadcast_shapes_are_a_format_error_naming_the_node()
    {
        var graph = new ProtoBuilder()
            .Message(1, ProtoBuilder.Node("Add", ["x", "c"], ["y"]))
            .Message(5, ProtoBuilder.FloatTensor("c", [4], [1, 2, 3, 4]))
            .Message(11, ProtoBuilder.ValueInfo("x", 3))
            .Message(12, ProtoBuilder.ValueInfo("y", 3));

        var error = Assert.Throws<OnnxFormatException>(() => ManagedInferenceEngine.Load(ProtoBuilder.Model(graph).ToArray()));

        Assert.StartsWith("model.graph.node[0] (Add)", error.FieldPath);
        Assert.Contains("cannot be broadcast", error.Message);
    }

    [Fact]
    public void A_declared_output_shape_that_disagrees_with_the_computed_one_is_a_format_error()
    {
        var graph = new ProtoBuilder()
            .Message(1, ProtoBuilder.Node("Relu", ["x"], ["y"]))
            .Message(11, ProtoBuilder.ValueInfo("x", 3))
            .Message(12, ProtoBuilder.ValueInfo("y", 4));

        var error = Assert.Throws<OnnxFormatException>(() => ManagedInferenceEngine.Load(ProtoBuilder.Model(graph).ToArray()));

        Assert.Contains("declared shape [4] disagrees with the computed shape [3]", error.Message);
    }

    [Fact]
    public void Shapes_that_multiply_past_the_planning_budget_are_refused_at_load()
    {
        var graph = new ProtoBuilder()
            .Message(1, ProtoBuilder.Node("Relu", ["x"], ["y"]))
            .Message(11, ProtoBuilder.ValueInfo("x", 4096, 4096))
            .Message(12, ProtoBuilder.ValueInfo("y", 4096, 4096));
        var options = new ManagedEngineOptions { MaxPlannedElements = 1_000_000 };

        var error = Assert.Throws<OnnxUnsupportedException>(() => ManagedInferenceEngine.Load(ProtoBuilder.Model(graph).ToArray(), options));

        Assert.Contains("more than 1000000 elements", error.Message);
    }

    [Theory]
    [InlineData("ReduceMean", new[] { 2f, 5f })]
    [InlineData("ReduceMax", new[] { 3f, 6f })]
    [InlineData("ReduceSum", new[] { 6f, 15f })]
    public void Opset_18_reductions_take_axes_as_an_input(string op, float[] expected)
    {
        var axes = new ProtoBuilder().PackedInt64s(1, 1).Varint(2, 7).PackedInt64s(7, -1).String(8, "axes");
        var graph = new ProtoBuilder()
            .Message(1, ProtoBuilder.Node(op, ["x", "axes"], ["y"], new ProtoBuilder().String(1, "keepdims").Varint(20, 2).Varint(3, 0)))
            .Message(5, axes)
            .Message(11, ProtoBuilder.ValueInfo("x", 2, 3))
            .Message(12, ProtoBuilder.ValueInfo("y", 2));
        using var engine = ManagedInferenceEngine.Load(ProtoBuilder.Model(graph, opset: 18).ToArray());
        var output = new float[2];

        engine.Run([1f, 2f, 3f, 4f, 5f, 6f], output);

        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData(new long[] { 1, 0 }, "reached twice")]
    [InlineData(new long[] { 1, 7 }, "missing node 7")]
    [InlineData(new long[] { 1, 2 }, null)]
    public void Tree_tables_must_describe_proper_trees(long[] children, string? expected)
    {
        // Node 0 tests feature 0 and branches to children[0] / children[1]; nodes 1 and 2 are leaves.
        var ints = (string name, long[] v) => new ProtoBuilder().String(1, name).Varint(20, 7).PackedInt64s(8, v);
        var strings = new ProtoBuilder().String(1, "nodes_modes").Varint(20, 8).String(9, "BRANCH_LEQ").String(9, "LEAF").String(9, "LEAF");
        var node = ProtoBuilder.Node("TreeEnsembleRegressor", ["x"], ["y"],
            ints("nodes_treeids", [0, 0, 0]), ints("nodes_nodeids", [0, 1, 2]), ints("nodes_featureids", [0, 0, 0]),
            new ProtoBuilder().String(1, "nodes_values").Varint(20, 6).PackedFloats(7, 0.5f, 0, 0), strings,
            ints("nodes_truenodeids", [children[0], 0, 0]), ints("nodes_falsenodeids", [children[1], 0, 0]),
            ints("target_treeids", [0, 0]), ints("target_nodeids", [1, 2]), ints("target_ids", [0, 0]),
            new ProtoBuilder().String(1, "target_weights").Varint(20, 6).PackedFloats(7, 10f, 20f));
        node.String(7, "ai.onnx.ml");
        var graph = new ProtoBuilder().Message(1, node).Message(11, ProtoBuilder.ValueInfo("x", 2, 1)).Message(12, ProtoBuilder.ValueInfo("y", 2, 1));
        var model = new ProtoBuilder().Varint(1, 8)
            .Message(8, new ProtoBuilder().String(1, "").Varint(2, 13))
            .Message(8, new ProtoBuilder().String(1, "ai.onnx.ml").Varint(2, 3))
            .Message(7, graph).ToArray();

        if (expected is not null)
        {
            var error = Assert.Throws<OnnxFormatException>(() => ManagedInferenceEngine.Load(model));
            Assert.Contains(expected, error.Message);
            return;
        }

        using var engine = ManagedInferenceEngine.Load(model);
        var output = new float[2];
        engine.Run([0.25f, 0.75f], output);
        Assert.Equal([10f, 20f], output);
    }

    [Fact]
    public void Slicing_a_zero_sized_dimension_backwards_yields_an_empty_tensor()
    {
        var i64 = (string name, long v) => new ProtoBuilder().PackedInt64s(1, 1).Varint(2, 7).PackedInt64s(7, v).String(8, name);
        var graph = new ProtoBuilder()
            .Message(1, ProtoBuilder.Node("Slice", ["x", "s", "e", "a", "st"], ["y"]))
            .Message(5, i64("s", -1)).Message(5, i64("e", -10)).Message(5, i64("a", 1)).Message(5, i64("st", -1))
            .Message(11, ProtoBuilder.ValueInfo("x", 2, 0))
            .Message(12, ProtoBuilder.ValueInfo("y", 2, 0));

        using var engine = ManagedInferenceEngine.Load(ProtoBuilder.Model(graph).ToArray());

        Assert.Equal([2, 0], engine.Outputs[0].Shape);
    }

    [Fact]
    public void The_single_tensor_run_refuses_a_multi_output_model()
    {
        using var engine = ManagedInferenceEngine.Load(TestModels.PathOf("unary.onnx"));
        Assert.Throws<InvalidOperationException>(() => engine.Run(new float[15], new float[15]));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_run_allocates_nothing(string file)
    {
        using var engine = ManagedInferenceEngine.Load(TestModels.PathOf(file));
        AssertRunsWithoutAllocating(engine, TestModels.Get(file));
    }

    [Fact]
    public void A_native_run_allocates_nothing_managed()
    {
        using var engine = TestModels.LoadNative("dense_autoencoder.onnx");
        AssertRunsWithoutAllocating(engine, TestModels.Get("dense_autoencoder.onnx"));
    }

    public static IEnumerable<object[]> Files => TestModels.Files;

    private static void AssertRunsWithoutAllocating(IInferenceEngine engine, ManifestModel model)
    {
        ReadOnlyMemory<float>[] inputs = [.. TestModels.RandomInputs(model, engine.Inputs, 9).Select(i => (ReadOnlyMemory<float>)i)];
        Memory<float>[] outputs = [.. engine.Outputs.Select(o => (Memory<float>)new float[o.ElementCount])];
        for (var i = 0; i < 3; i++)
        {
            engine.Run(inputs, outputs);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++)
        {
            engine.Run(inputs, outputs);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"{model.File}: 200 runs allocated {allocated} bytes");
    }
}
