namespace EdgeTwin.Onnx.Evaluation.Kernels;

/// <summary>Cast between float, int64 and bool (Operators.md "Cast": float to int truncates toward zero).</summary>
internal sealed class CastKernel(Tensor input, Tensor output) : Kernel
{
    public override void Execute()
    {
        switch (input.Kind, output.Kind)
        {
            case (ElementKind.Float, ElementKind.Int64):
                Convert(input.Floats, output.Int64s, static v => float.IsNaN(v) ? long.MinValue : (long)v);
                break;
            case (ElementKind.Float, ElementKind.Bool):
                Convert(input.Floats, output.Bools, static v => v != 0);
                break;
            case (ElementKind.Int64, ElementKind.Float):
                Convert(input.Int64s, output.Floats, static v => (float)v);
                break;
            case (ElementKind.Int64, ElementKind.Bool):
                Convert(input.Int64s, output.Bools, static v => v != 0);
                break;
            case (ElementKind.Bool, ElementKind.Float):
                Convert(input.Bools, output.Floats, static v => v ? 1f : 0f);
                break;
            default:
                Convert(input.Bools, output.Int64s, static v => v ? 1L : 0L);
                break;
        }
    }

    private static void Convert<TIn, TOut>(TIn[] source, TOut[] destination, Func<TIn, TOut> convert)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = convert(source[i]);
        }
    }
}
