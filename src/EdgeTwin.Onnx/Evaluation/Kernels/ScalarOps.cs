namespace EdgeTwin.Onnx.Evaluation.Kernels;

internal interface IBinaryOp<T, TResult>
{
    static abstract TResult Apply(T a, T b);
}

internal interface IUnaryOp<T>
{
    static abstract T Apply(T x);
}

internal readonly struct AddOp : IBinaryOp<float, float>, IBinaryOp<long, long>
{
    public static float Apply(float a, float b) => a + b;

    public static long Apply(long a, long b) => unchecked(a + b);
}

internal readonly struct SubOp : IBinaryOp<float, float>, IBinaryOp<long, long>
{
    public static float Apply(float a, float b) => a - b;

    public static long Apply(long a, long b) => unchecked(a - b);
}

internal readonly struct MulOp : IBinaryOp<float, float>, IBinaryOp<long, long>
{
    public static float Apply(float a, float b) => a * b;

    public static long Apply(long a, long b) => unchecked(a * b);
}

internal readonly struct DivOp : IBinaryOp<float, float>, IBinaryOp<long, long>
{
    public static float Apply(float a, float b) => a / b;

    // Integer division by zero is undefined in ONNX; yield 0 rather than fault the scoring thread.
    public static long Apply(long a, long b) => b == 0 || (a == long.MinValue && b == -1) ? 0 : a / b;
}

internal readonly struct PowOp : IBinaryOp<float, float>
{
    public static float Apply(float a, float b) => MathF.Pow(a, b);
}

internal readonly struct MaxOp : IBinaryOp<float, float>, IBinaryOp<long, long>
{
    // ONNX Max propagates NaN, like numpy.maximum.
    public static float Apply(float a, float b) => float.IsNaN(a) || float.IsNaN(b) ? float.NaN : (a >= b ? a : b);

    public static long Apply(long a, long b) => Math.Max(a, b);
}

internal readonly struct MinOp : IBinaryOp<float, float>, IBinaryOp<long, long>
{
    public static float Apply(float a, float b) => float.IsNaN(a) || float.IsNaN(b) ? float.NaN : (a <= b ? a : b);

    public static long Apply(long a, long b) => Math.Min(a, b);
}

internal readonly struct GreaterOp : IBinaryOp<float, bool>, IBinaryOp<long, bool>
{
    public static bool Apply(float a, float b) => a > b;

    public static bool Apply(long a, long b) => a > b;
}

internal readonly struct LessOp : IBinaryOp<float, bool>, IBinaryOp<long, bool>
{
    public static bool Apply(float a, float b) => a < b;

    public static bool Apply(long a, long b) => a < b;
}

internal readonly struct EqualOp : IBinaryOp<float, bool>, IBinaryOp<long, bool>, IBinaryOp<bool, bool>
{
    public static bool Apply(float a, float b) => a == b;

    public static bool Apply(long a, long b) => a == b;

    public static bool Apply(bool a, bool b) => a == b;
}

internal readonly struct SqrtOp : IUnaryOp<float>
{
    public static float Apply(float x) => MathF.Sqrt(x);
}

internal readonly struct AbsOp : IUnaryOp<float>, IUnaryOp<long>
{
    public static float Apply(float x) => MathF.Abs(x);

    public static long Apply(long x) => x < 0 ? unchecked(-x) : x;
}

internal readonly struct NegOp : IUnaryOp<float>, IUnaryOp<long>
{
    public static float Apply(float x) => -x;

    public static long Apply(long x) => unchecked(-x);
}

internal readonly struct ExpOp : IUnaryOp<float>
{
    public static float Apply(float x) => MathF.Exp(x);
}

internal readonly struct LogOp : IUnaryOp<float>
{
    public static float Apply(float x) => MathF.Log(x);
}

internal readonly struct ReluOp : IUnaryOp<float>
{
    public static float Apply(float x) => x > 0 ? x : (float.IsNaN(x) ? x : 0f);
}

internal readonly struct SigmoidOp : IUnaryOp<float>
{
    public static float Apply(float x) => x >= 0 ? 1f / (1f + MathF.Exp(-x)) : MathF.Exp(x) / (1f + MathF.Exp(x));
}

internal readonly struct TanhOp : IUnaryOp<float>
{
    public static float Apply(float x) => MathF.Tanh(x);
}
