namespace EdgeTwin.OpcUa.Encoding;

/// <summary>Structural equality for values that may be arrays (byte strings, dimensions).</summary>
internal static class ValueEquality
{
    public static bool ScalarEquals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        (double x, double y) => BitConverter.DoubleToUInt64Bits(x) == BitConverter.DoubleToUInt64Bits(y),
        (float x, float y) => BitConverter.SingleToUInt32Bits(x) == BitConverter.SingleToUInt32Bits(y),
        _ => a is not null && a.Equals(b),
    };

    public static bool SequenceEquals(int[]? a, int[]? b) =>
        a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
}
