namespace EdgeTwin.Onnx.Model;

/// <summary>ModelProto: the parts an evaluator needs.</summary>
public sealed class OnnxModel
{
    public long IrVersion { get; init; }

    public string ProducerName { get; init; } = "";

    public string ProducerVersion { get; init; } = "";

    public IReadOnlyList<OnnxOperatorSet> OperatorSets { get; init; } = [];

    public OnnxGraph Graph { get; init; } = new();

    /// <summary>Count of model-local functions (ModelProto.functions); they are not decoded.</summary>
    public int FunctionCount { get; init; }

    /// <summary>The imported version of <paramref name="domain"/> ("" and "ai.onnx" are the same domain), or null.</summary>
    public long? OpsetVersion(string domain)
    {
        var wanted = domain == "ai.onnx" ? "" : domain;
        foreach (var set in OperatorSets)
        {
            var have = set.Domain == "ai.onnx" ? "" : set.Domain;
            if (have == wanted)
            {
                return set.Version;
            }
        }

        return null;
    }
}

/// <summary>OperatorSetIdProto.</summary>
public readonly record struct OnnxOperatorSet(string Domain, long Version);
