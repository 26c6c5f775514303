using EdgeTwin.Onnx.Evaluation;
using EdgeTwin.Onnx.Model;
using EdgeTwin.Onnx.Writing;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Onnx.Tests.Training;

public sealed class ModelWriterTests
{
    [Fact]
    public void A_written_model_reads_back_with_its_graph_initializers_and_attributes()
    {
        var bytes = new OnnxModelWriter("g", opset: 13)
            .Input("x", -1, 3)
            .Output("y", -1, 1)
            .Initializer("w", [3, 1], [1f, -2.5f, 1e-7f])
            .Int64Initializer("axes", [1], [1])
            .Node("MatMul", ["x", "w"], ["m"])
            .Node("LeakyRelu", ["m"], ["y"], NodeAttribute.Of("alpha", 0.25f))
            .ToBytes();

        var model = OnnxModelReader.Read(bytes);
        Assert.Equal(8, model.IrVersion);
        Assert.Equal(13, model.OpsetVersion(""));
        Assert.Equal("g", model.Graph.Name);
        Assert.Equal(["MatMul", "LeakyRelu"], model.Graph.Nodes.Select(n => n.OpType));
        var w = model.Graph.Initializers.Single(i => i.Name == "w");
        Assert.Equal([3, 1], w.Dims);
        Assert.Equal([1f, -2.5f, 1e-7f], w.Floats!);
        Assert.Equal([1L], model.Graph.Initializers.Single(i => i.Name == "axes").Int64s!);
        Assert.Equal(0.25f, model.Graph.Nodes[1].FindAttribute("alpha")!.Float);

        using var engine = ManagedInferenceEngine.Load(bytes, new ManagedEngineOptions { BatchSize = 2 });
        var y = new float[2];
        engine.Run([1, 1, 0, 0, 1, 0], y);
        Assert.Equal([-1.5f * 0.25f, -2.5f * 0.25f], y);
    }

    [Fact]
    public void Any_float_initializer_round_trips_exactly()
    {
        Prop.ForAll(Gen.ArrayOf(ArbMap.Default.GeneratorFor<float>()).Where(a => a.Length > 0).ToArbitrary(), values =>
        {
            var bytes = new OnnxModelWriter("g").Input("x", 1).Output("x", 1).Initializer("v", [values.Length], values).ToBytes();
            var read = OnnxModelReader.Read(bytes).Graph.Initializers[0].Floats!;
            return read.Length == values.Length && read.Zip(values).All(p => BitConverter.SingleToInt32Bits(p.First) == BitConverter.SingleToInt32Bits(p.Second));
        }).QuickCheckThrowOnFailure();
    }
}
