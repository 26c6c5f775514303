namespace EdgeTwin.Sync.Compression;

/// <summary>Unsigned LEB128, as in protobuf's base-128 varints: at most 10 bytes for 64 bits.</summary>
internal static class Varint
{
    public const int MaxLength = 10;

    public static int Write(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Reads one varint at <paramref name="position"/>; false on truncation or a value wider than 64 bits.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, ref int position, out ulong value, out bool truncated)
    {
        value = 0;
        truncated = false;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= source.Length)
            {
                truncated = true;
                return false;
            }

            var b = source[position++];
            if (shift == 63 && b > 1)
            {
                return false;
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
