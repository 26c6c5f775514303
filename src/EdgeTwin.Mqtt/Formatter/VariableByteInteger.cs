namespace EdgeTwin.Mqtt.Formatter;

/// <summary>The 1–4 byte little-endian base-128 integer of MQTT 5.0 §1.5.5.</summary>
internal static class VariableByteInteger
{
    public const int MaxValue = 268_435_455;
    public const int MaxBytes = 4;

    public static int Size(int value) => value switch
    {
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        _ => 4,
    };

    public static int Write(Span<byte> destination, int value)
    {
        var i = 0;
        do
        {
            var digit = (byte)(value & 0x7F);
            value >>= 7;
            destination[i++] = value > 0 ? (byte)(digit | 0x80) : digit;
        }
        while (value > 0);
        return i;
    }
}
