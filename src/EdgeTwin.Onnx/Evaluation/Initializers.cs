using EdgeTwin.Onnx.Model;

namespace EdgeTwin.Onnx.Evaluation;

/// <summary>Turns decoded TensorProtos into constant evaluator tensors.</summary>
internal static class Initializers
{
    public static Tensor FromProto(OnnxTensor proto, string name, string where)
    {
        int[] shape = [.. proto.Dims];
        Tensor tensor = proto.DataType switch
        {
            OnnxDataType.Float => new Tensor(name, ElementKind.Float, shape, proto.Floats!),
            OnnxDataType.Int64 => new Tensor(name, ElementKind.Int64, shape, proto.Int64s!),
            OnnxDataType.Bool => new Tensor(name, ElementKind.Bool, shape, proto.Bools!),
            // Narrow integer constants (e.g. int32 indices) are widened; every integer kernel computes in int64.
            OnnxDataType.Int32 or OnnxDataType.Int16 or OnnxDataType.Int8 or OnnxDataType.UInt16 or OnnxDataType.UInt8 =>
                new Tensor(name, ElementKind.Int64, shape, Array.ConvertAll(proto.Int32s!, v => (long)v)),
            _ => throw new OnnxUnsupportedException($"{where}: tensor '{proto.Name}' has data type {proto.DataType}; supported: Float, Int64, Bool (and narrower integers)"),
        };
        tensor.IsConstant = true;
        return tensor;
    }
}
