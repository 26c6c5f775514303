namespace EdgeTwin.Onnx.Evaluation.Kernels;

internal enum TreeNodeMode : byte
{
    LessOrEqual,
    Less,
    GreaterOrEqual,
    Greater,
    Equal,
    NotEqual,
    Leaf,
}

internal enum TreeAggregate
{
    Sum,
    Average,
    Min,
    Max,
}

/// <summary>Flattened node table: parallel arrays indexed by node, children as indices into the same arrays.</summary>
internal sealed class TreeNodeTable(int count)
{
    public TreeNodeMode[] Modes { get; } = new TreeNodeMode[count];

    public int[] Features { get; } = new int[count];

    public float[] Thresholds { get; } = new float[count];

    public bool[] MissingTracksTrue { get; } = new bool[count];

    public int[] True { get; } = new int[count];

    public int[] False { get; } = new int[count];

    public int[] LeafStart { get; } = new int[count];

    public int[] LeafCount { get; } = new int[count];

    public int[] LeafTargets { get; set; } = [];

    public float[] LeafWeights { get; set; } = [];
}

/// <summary>Walks every tree per row and aggregates leaf weights per target, then adds base_values.</summary>
internal sealed class TreeEnsembleKernel(
    float[] x, int rows, int features, TreeNodeTable table, int[] roots, TreeAggregate aggregate, float[] baseValues, float[] y) : Kernel
{
    private readonly bool[] _hasScore = new bool[baseValues.Length];

    public override void Execute()
    {
        var targets = baseValues.Length;
        for (var r = 0; r < rows; r++)
        {
            var scores = y.AsSpan(r * targets, targets);
            scores.Clear();
            Array.Clear(_hasScore);
            var row = x.AsSpan(r * features, features);
            foreach (var root in roots)
            {
                var leaf = Walk(row, root);
                var end = table.LeafStart[leaf] + table.LeafCount[leaf];
                for (var i = table.LeafStart[leaf]; i < end; i++)
                {
                    var target = table.LeafTargets[i];
                    var weight = table.LeafWeights[i];
                    ref var score = ref scores[target];
                    score = aggregate switch
                    {
                        TreeAggregate.Min => _hasScore[target] ? MathF.Min(score, weight) : weight,
                        TreeAggregate.Max => _hasScore[target] ? MathF.Max(score, weight) : weight,
                        _ => score + weight,
                    };
                    _hasScore[target] = true;
                }
            }

            for (var t = 0; t < targets; t++)
            {
                if (aggregate == TreeAggregate.Average)
                {
                    scores[t] /= roots.Length;
                }

                scores[t] += baseValues[t];
            }
        }
    }

    private int Walk(ReadOnlySpan<float> row, int node)
    {
        while (true)
        {
            var mode = table.Modes[node];
            if (mode == TreeNodeMode.Leaf)
            {
                return node;
            }

            var value = row[table.Features[node]];
            var threshold = table.Thresholds[node];
            var goTrue = float.IsNaN(value) && table.MissingTracksTrue[node] || mode switch
            {
                TreeNodeMode.LessOrEqual => value <= threshold,
                TreeNodeMode.Less => value < threshold,
                TreeNodeMode.GreaterOrEqual => value >= threshold,
                TreeNodeMode.Greater => value > threshold,
                TreeNodeMode.Equal => value == threshold,
                _ => value != threshold,
            };
            node = goTrue ? table.True[node] : table.False[node];
        }
    }
}
