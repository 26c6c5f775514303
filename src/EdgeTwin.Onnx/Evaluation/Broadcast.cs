namespace EdgeTwin.Onnx.Evaluation;

/// <summary>Multidirectional (numpy-style) broadcasting, ONNX Operators "Broadcasting in ONNX".</summary>
internal static class Broadcast
{
    /// <summary>The broadcast shape of <paramref name="shapes"/>, or null when two dims differ and neither is 1.</summary>
    public static int[]? Shape(params int[][] shapes)
    {
        var rank = 0;
        foreach (var shape in shapes)
        {
            rank = Math.Max(rank, shape.Length);
        }

        var result = new int[rank];
        result.AsSpan().Fill(1);
        foreach (var shape in shapes)
        {
            var offset = rank - shape.Length;
            for (var d = 0; d < shape.Length; d++)
            {
                var dim = shape[d];
                ref var target = ref result[offset + d];
                if (dim == target || dim == 1)
                {
                    continue;
                }

                if (target != 1)
                {
                    return null;
                }

                target = dim;
            }
        }

        return result;
    }

    /// <summary>
    /// For each element of <paramref name="output"/>, the index of the element of <paramref name="input"/> it reads;
    /// null when the shapes match and the index is the identity.
    /// </summary>
    public static int[]? IndexMap(int[] input, int[] output)
    {
        if (input.AsSpan().SequenceEqual(output))
        {
            return null;
        }

        var rank = output.Length;
        var strides = new int[rank];
        var stride = 1;
        for (var d = input.Length - 1; d >= 0; d--)
        {
            var od = d + rank - input.Length;
            strides[od] = input[d] == 1 ? 0 : stride;
            stride *= input[d];
        }

        var map = new int[Tensor.ElementCount(output)];
        var counter = new int[rank];
        var offset = 0;
        for (var i = 0; i < map.Length; i++)
        {
            map[i] = offset;
            for (var d = rank - 1; d >= 0; d--)
            {
                counter[d]++;
                offset += strides[d];
                if (counter[d] < output[d])
                {
                    break;
                }

                offset -= strides[d] * output[d];
                counter[d] = 0;
            }
        }

        return map;
    }

    public static int[] Strides(int[] shape)
    {
        var strides = new int[shape.Length];
        var stride = 1;
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= shape[d];
        }

        return strides;
    }
}
