using EdgeTwin.Onnx.Evaluation.Kernels;
using EdgeTwin.Onnx.Model;

namespace EdgeTwin.Onnx.Evaluation.Operators;

/// <summary>
/// ai.onnx.ml TreeEnsembleRegressor (ONNX-ML Operators.md, versions 1 and 3 with the float-list attributes).
/// The node tables are validated and flattened at load: every tree must be a proper tree (no shared or cyclic
/// children), so a walk ends after at most as many steps as the tree has nodes.
/// </summary>
internal static class TreeEnsembleRegressorOperator
{
    public static readonly string[] Attributes =
    [
        "aggregate_function", "base_values", "n_targets", "nodes_falsenodeids", "nodes_featureids", "nodes_hitrates",
        "nodes_missing_value_tracks_true", "nodes_modes", "nodes_nodeids", "nodes_treeids", "nodes_truenodeids",
        "nodes_values", "post_transform", "target_ids", "target_nodeids", "target_treeids", "target_weights",
    ];

    public static Kernel Build(NodeContext ctx)
    {
        var x = ctx.Input(0, ElementKind.Float);
        if (x.Rank is not (1 or 2))
        {
            throw ctx.Invalid($"X {x} must be [N, F] or [F]");
        }

        var (rows, features) = x.Rank == 2 ? (x.Shape[0], x.Shape[1]) : (1, x.Shape[0]);
        var postTransform = ctx.String("post_transform", "NONE");
        if (postTransform != "NONE")
        {
            throw ctx.Unsupported($"post_transform '{postTransform}'; supported: NONE");
        }

        var aggregate = ctx.String("aggregate_function", "SUM") switch
        {
            "SUM" => TreeAggregate.Sum,
            "AVERAGE" => TreeAggregate.Average,
            "MIN" => TreeAggregate.Min,
            "MAX" => TreeAggregate.Max,
            var other => throw ctx.Unsupported($"aggregate_function '{other}'"),
        };
        var targets = ctx.Int("n_targets", 1);
        if (targets is < 1 or > 4096)
        {
            throw ctx.Invalid($"n_targets {targets} is out of range");
        }

        var treeIds = Required(ctx, "nodes_treeids");
        var nodeIds = Required(ctx, "nodes_nodeids");
        var featureIds = Required(ctx, "nodes_featureids");
        var trueIds = Required(ctx, "nodes_truenodeids");
        var falseIds = Required(ctx, "nodes_falsenodeids");
        var values = ctx.Floats("nodes_values") ?? throw ctx.Invalid("'nodes_values' is missing");
        var modes = ctx.Attribute("nodes_modes", OnnxAttributeType.Strings)?.Strings ?? throw ctx.Invalid("'nodes_modes' is missing");
        var missing = ctx.Ints("nodes_missing_value_tracks_true") ?? new long[treeIds.Length];
        var count = treeIds.Length;
        if (nodeIds.Length != count || featureIds.Length != count || trueIds.Length != count || falseIds.Length != count
            || values.Length != count || modes.Count != count || missing.Length != count)
        {
            throw ctx.Invalid("the nodes_* attributes differ in length");
        }

        var index = new Dictionary<(long Tree, long Node), int>();
        var roots = new List<int>();
        var seenTrees = new HashSet<long>();
        for (var i = 0; i < count; i++)
        {
            if (!index.TryAdd((treeIds[i], nodeIds[i]), i))
            {
                throw ctx.Invalid($"node ({treeIds[i]}, {nodeIds[i]}) is defined twice");
            }

            if (seenTrees.Add(treeIds[i]))
            {
                roots.Add(i);
            }
        }

        var table = new TreeNodeTable(count);
        for (var i = 0; i < count; i++)
        {
            table.Modes[i] = modes[i] switch
            {
                "BRANCH_LEQ" => TreeNodeMode.LessOrEqual,
                "BRANCH_LT" => TreeNodeMode.Less,
                "BRANCH_GTE" => TreeNodeMode.GreaterOrEqual,
                "BRANCH_GT" => TreeNodeMode.Greater,
                "BRANCH_EQ" => TreeNodeMode.Equal,
                "BRANCH_NEQ" => TreeNodeMode.NotEqual,
                "LEAF" => TreeNodeMode.Leaf,
                var other => throw ctx.Unsupported($"node mode '{other}'"),
            };
            table.Thresholds[i] = values[i];
            table.MissingTracksTrue[i] = missing[i] != 0;
            if (table.Modes[i] == TreeNodeMode.Leaf)
            {
                continue;
            }

            if (featureIds[i] < 0 || featureIds[i] >= features)
            {
                throw ctx.Invalid($"node ({treeIds[i]}, {nodeIds[i]}) tests feature {featureIds[i]}, but X has {features}");
            }

            table.Features[i] = (int)featureIds[i];
            table.True[i] = Child(ctx, index, treeIds[i], trueIds[i]);
            table.False[i] = Child(ctx, index, treeIds[i], falseIds[i]);
        }

        foreach (var root in roots)
        {
            CheckIsTree(ctx, table, root, treeIds[root]);
        }

        AddLeafWeights(ctx, table, index, targets);
        var output = ctx.Output(0, ElementKind.Float, [rows, (int)targets]);
        var baseValues = ctx.Floats("base_values") ?? new float[targets];
        if (baseValues.Length != targets)
        {
            throw ctx.Invalid($"base_values has {baseValues.Length} entries for {targets} targets");
        }

        return new TreeEnsembleKernel(x.Floats, rows, features, table, [.. roots], aggregate, baseValues, output.Floats);
    }

    private static long[] Required(NodeContext ctx, string name) => ctx.Ints(name) ?? throw ctx.Invalid($"'{name}' is missing");

    private static int Child(NodeContext ctx, Dictionary<(long, long), int> index, long tree, long node) =>
        index.TryGetValue((tree, node), out var child) ? child : throw ctx.Invalid($"tree {tree} refers to missing node {node}");

    private static void CheckIsTree(NodeContext ctx, TreeNodeTable table, int root, long tree)
    {
        var visited = new HashSet<int>();
        var pending = new Stack<int>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!visited.Add(node))
            {
                throw ctx.Invalid($"tree {tree} is not a tree: node index {node} is reached twice (shared child or cycle)");
            }

            if (table.Modes[node] != TreeNodeMode.Leaf)
            {
                pending.Push(table.True[node]);
                pending.Push(table.False[node]);
            }
        }
    }

    private static void AddLeafWeights(NodeContext ctx, TreeNodeTable table, Dictionary<(long, long), int> index, long targets)
    {
        var treeIds = Required(ctx, "target_treeids");
        var nodeIds = Required(ctx, "target_nodeids");
        var targetIds = Required(ctx, "target_ids");
        var weights = ctx.Floats("target_weights") ?? throw ctx.Invalid("'target_weights' is missing");
        if (nodeIds.Length != treeIds.Length || targetIds.Length != treeIds.Length || weights.Length != treeIds.Length)
        {
            throw ctx.Invalid("the target_* attributes differ in length");
        }

        var perLeaf = new List<(int Target, float Weight)>[table.Modes.Length];
        for (var i = 0; i < treeIds.Length; i++)
        {
            var node = Child(ctx, index, treeIds[i], nodeIds[i]);
            if (table.Modes[node] != TreeNodeMode.Leaf)
            {
                throw ctx.Invalid($"target weight {i} points at ({treeIds[i]}, {nodeIds[i]}), which is not a leaf");
            }

            if (targetIds[i] < 0 || targetIds[i] >= targets)
            {
                throw ctx.Invalid($"target id {targetIds[i]} is out of range for {targets} targets");
            }

            (perLeaf[node] ??= []).Add(((int)targetIds[i], weights[i]));
        }

        var flatTargets = new List<int>();
        var flatWeights = new List<float>();
        for (var node = 0; node < perLeaf.Length; node++)
        {
            table.LeafStart[node] = flatTargets.Count;
            foreach (var (target, weight) in perLeaf[node] ?? [])
            {
                flatTargets.Add(target);
                flatWeights.Add(weight);
            }

            table.LeafCount[node] = flatTargets.Count - table.LeafStart[node];
        }

        table.LeafTargets = [.. flatTargets];
        table.LeafWeights = [.. flatWeights];
    }
}
