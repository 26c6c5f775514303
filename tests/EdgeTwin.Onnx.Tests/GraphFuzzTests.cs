using System.Diagnostics;
using EdgeTwin.Onnx.Evaluation;

namespace EdgeTwin.Onnx.Tests;

/// <summary>
/// Structure-aware fuzzing of the planner: single-node graphs of every supported operator with random input
/// shapes (including zero-sized and rank-0), random constant inputs and random attribute values. Each must
/// load and run, or be refused with an ONNX exception; nothing else may escape.
/// </summary>
public sealed class GraphFuzzTests
{
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("EDGETWIN_FUZZ_ITERATIONS"), out var n) ? n : 6000;
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("EDGETWIN_FUZZ_SEED"), out var s) ? s : 77;
    private static readonly string[] Words = ["NOTSET", "VALID", "SAME_UPPER", "SUM", "AVERAGE", "MAX", "NONE", "LEAF", "BRANCH_LEQ", "BRANCH_GT", ""];

    [Fact]
    public async Task Random_single_node_graphs_fail_only_with_onnx_exceptions()
    {
        var ops = OperatorRegistry.Names.ToArray();
        var outcome = (Loaded: 0, Rejected: 0, Failure: (string?)null);
        var work = Task.Factory.StartNew(
            () =>
            {
                var random = new Random(Seed);
                var options = new ManagedEngineOptions { MaxPlannedElements = 1_000_000 };
                for (var i = 0; i < Iterations; i++)
                {
                    var op = ops[random.Next(ops.Length)];
                    var bytes = RandomModel(op, random);
                    var clock = Stopwatch.StartNew();
                    try
                    {
                        using var engine = ManagedInferenceEngine.Load(bytes, options);
                        var inputs = engine.Inputs.Select(t => (ReadOnlyMemory<float>)Values(t.ElementCount, random)).ToArray();
                        var outputs = engine.Outputs.Select(t => (Memory<float>)new float[t.ElementCount]).ToArray();
                        engine.Run(inputs, outputs);
                        outcome.Loaded++;
                    }
                    catch (Exception e) when (e is OnnxFormatException or OnnxUnsupportedException)
                    {
                        outcome.Rejected++;
                    }
                    catch (Exception e)
                    {
                        outcome.Failure = $"iteration {i} ({op}): {e.GetType().Name}: {e.Message}\n{e.StackTrace}";
                        return;
                    }

                    if (clock.Elapsed > TimeSpan.FromSeconds(2))
                    {
                        outcome.Failure = $"iteration {i} ({op}) took {clock.Elapsed}";
                        return;
                    }
                }
            },
            TaskCreationOptions.LongRunning);

        Assert.True(await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds(Math.Max(90, Iterations / 50)))) == work, "graph fuzzing did not finish in time (a hang)");
        Console.WriteLine($"graph fuzz: {outcome.Loaded} loaded and ran, {outcome.Rejected} rejected");
        Assert.True(outcome.Failure is null, outcome.Failure);
        Assert.True(outcome.Loaded > Iterations / 20, $"only {outcome.Loaded} graphs loaded");
        Assert.True(outcome.Rejected > Iterations / 20, $"only {outcome.Rejected} graphs rejected");
    }

    private static byte[] RandomModel(string op, Random random)
    {
        var domain = op.Contains('.', StringComparison.Ordinal) ? op[..op.LastIndexOf('.')] : "";
        var opType = op[(op.LastIndexOf('.') + 1)..];
        var spec = OperatorRegistry.Find(domain, opType)!;
        var graph = new ProtoBuilder();
        var inputNames = new List<string>();
        var inputCount = random.Next(5);
        for (var i = 0; i < inputCount; i++)
        {
            var name = $"i{i}";
            inputNames.Add(random.Next(8) == 0 ? "" : name);
            var shape = Enumerable.Range(0, random.Next(5)).Select(_ => (long)(random.Next(6) == 0 ? 0 : 1 + random.Next(4))).ToArray();
            switch (random.Next(4))
            {
                case 0:
                    graph.Message(11, ProtoBuilder.ValueInfo(name, shape));
                    break;
                case 1:
                    graph.Message(5, ProtoBuilder.FloatTensor(name, shape, Values((int)shape.Aggregate(1L, (a, b) => a * b), random)));
                    break;
                case 2:
                    var ints = Enumerable.Range(0, random.Next(5)).Select(_ => (long)random.Next(-6, 7)).ToArray();
                    graph.Message(5, new ProtoBuilder().PackedInt64s(1, ints.Length).Varint(2, 7).PackedInt64s(7, ints).String(8, name));
                    break;
                default:
                    var count = (int)shape.Aggregate(1L, (a, b) => a * b);
                    graph.Message(5, new ProtoBuilder().PackedInt64s(1, shape).Varint(2, 9)
                        .PackedInt64s(5, [.. Enumerable.Range(0, count).Select(_ => (long)random.Next(2))]).String(8, name));
                    break;
            }
        }

        var attributes = new List<ProtoBuilder>();
        foreach (var name in spec.Attributes.OrderBy(_ => random.Next()).Take(random.Next(Math.Min(4, spec.Attributes.Length + 1))))
        {
            attributes.Add(RandomAttribute(name, random));
        }

        var outputs = random.Next(10) == 0 ? new[] { "y", "y2" } : ["y"];
        var node = ProtoBuilder.Node(opType, [.. inputNames], outputs, [.. attributes]);
        if (domain.Length > 0)
        {
            node.String(7, domain);
        }

        graph.Message(1, node).Message(12, new ProtoBuilder().String(1, "y"));
        var model = new ProtoBuilder().Varint(1, 8)
            .Message(8, new ProtoBuilder().String(1, "").Varint(2, random.Next(4) == 0 ? 9 : 13))
            .Message(8, new ProtoBuilder().String(1, "ai.onnx.ml").Varint(2, 3))
            .Message(7, graph);
        return model.ToArray();
    }

    private static ProtoBuilder RandomAttribute(string name, Random random)
    {
        var attribute = new ProtoBuilder().String(1, name);
        switch (random.Next(6))
        {
            case 0:
                return attribute.Varint(20, 2).Varint(3, random.Next(-4, 6));
            case 1:
                return attribute.Varint(20, 7).PackedInt64s(8, [.. Enumerable.Range(0, random.Next(6)).Select(_ => (long)random.Next(-4, 5))]);
            case 2:
                return attribute.Varint(20, 1).Fixed32(2, (float)((random.NextDouble() * 4) - 2));
            case 3:
                return attribute.Varint(20, 6).PackedFloats(7, Values(random.Next(6), random));
            case 4:
                return attribute.Varint(20, 3).String(4, Words[random.Next(Words.Length)]);
            default:
                var strings = attribute.Varint(20, 8);
                for (var i = random.Next(6); i > 0; i--)
                {
                    strings.String(9, Words[random.Next(Words.Length)]);
                }

                return strings;
        }
    }

    private static float[] Values(int count, Random random) =>
        [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 6) - 3))];
}
