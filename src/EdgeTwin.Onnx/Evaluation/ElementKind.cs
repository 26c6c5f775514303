namespace EdgeTwin.Onnx.Evaluation;

/// <summary>The element types the managed evaluator computes with.</summary>
internal enum ElementKind
{
    Float,
    Int64,
    Bool,
}
