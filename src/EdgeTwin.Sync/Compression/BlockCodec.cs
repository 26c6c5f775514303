using System.Numerics;

namespace EdgeTwin.Sync.Compression;

/// <summary>
/// The Gorilla time-series compression (Pelkonen et al., "Gorilla: A Fast, Scalable, In-Memory Time Series
/// Database", VLDB 2015, §4.1): delta-of-delta timestamps and XOR-ed doubles with a reusable
/// leading/trailing-zero window, plus the OPC UA quality as a run-length side stream.
/// </summary>
/// <remarks>
/// Layout of codec 1:
/// <code>
/// byte     codec id (1)
/// varint   sample count (1..MaxSamples)
/// varint   quality run count (1..count), then per run: varint length, varint status code
/// bits     t0 (64), v0 (64 raw IEEE bits), then per further sample a timestamp field and a value field
/// </code>
/// Timestamps are nanoseconds, so the delta-of-delta buckets are wider than the paper's seconds-based ones:
/// '0' = 0, '10'+6, '110'+13, '1110'+20, '11110'+32, '11111'+64 zig-zag bits. The first delta is coded as a
/// delta-of-delta against zero. Arithmetic wraps, so any long sequence (even decreasing) round-trips.
/// Values: '0' same bits; '10' + bits inside the previous window; '11' + 6-bit leading-zero count,
/// 6-bit (length - 1) and the meaningful bits. Unlike the paper the leading count is not capped at 31, and a new
/// window is also opened when that is cheaper than reusing a wide old one.
/// The bit stream is padded with zero bits to a whole byte; the decoder checks that nothing follows.
/// </remarks>
internal static class BlockCodec
{
    public const byte CodecId = 1;

    /// <summary>Upper bound on samples per block, a limit the decoder enforces before touching its buffers.</summary>
    public const int MaxSamples = 1 << 16;

    private const int HeaderBound = 1 + Varint.MaxLength * 2;

    /// <summary>Bytes that always suffice to encode <paramref name="count"/> samples.</summary>
    public static int MaxEncodedSize(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        // Per run 10 bytes of varints; per sample at most 5+64 timestamp bits and 2+12+64 value bits.
        return HeaderBound + (count * Varint.MaxLength) + (int)((128L + (147L * count) + 7) / 8);
    }

    public static int Encode(ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values, ReadOnlySpan<uint> qualities, Span<byte> destination)
    {
        var count = timestamps.Length;
        if (count == 0 || count > MaxSamples)
        {
            throw new ArgumentOutOfRangeException(nameof(timestamps), count, $"a block holds 1..{MaxSamples} samples");
        }

        if (values.Length != count || qualities.Length != count)
        {
            throw new ArgumentException("timestamps, values and qualities must have the same length", nameof(values));
        }

        if (destination.Length < MaxEncodedSize(count))
        {
            throw new ArgumentException($"destination needs {MaxEncodedSize(count)} bytes", nameof(destination));
        }

        destination[0] = CodecId;
        var position = 1;
        position += Varint.Write(destination[position..], (ulong)count);
        position = WriteQualityRuns(qualities, destination, position);

        var writer = new BitWriter(destination, position);
        var previousTime = timestamps[0];
        var previousBits = BitConverter.DoubleToUInt64Bits(values[0]);
        writer.Write((ulong)previousTime, 64);
        writer.Write(previousBits, 64);

        var previousDelta = 0L;
        var windowLeading = -1;
        var windowTrailing = 0;
        for (var i = 1; i < count; i++)
        {
            var delta = unchecked(timestamps[i] - previousTime);
            WriteDeltaOfDelta(ref writer, unchecked(delta - previousDelta));
            previousDelta = delta;
            previousTime = timestamps[i];

            var bits = BitConverter.DoubleToUInt64Bits(values[i]);
            WriteXor(ref writer, bits ^ previousBits, ref windowLeading, ref windowTrailing);
            previousBits = bits;
        }

        return writer.Finish();
    }

    /// <summary>Reads the sample count from a block header without decoding the samples.</summary>
    public static BlockDecodeStatus TryReadCount(ReadOnlySpan<byte> source, out int count)
    {
        count = 0;
        if (source.IsEmpty)
        {
            return BlockDecodeStatus.Truncated;
        }

        if (source[0] != CodecId)
        {
            return BlockDecodeStatus.UnknownCodec;
        }

        var position = 1;
        if (!Varint.TryRead(source, ref position, out var declared, out var truncated))
        {
            return truncated ? BlockDecodeStatus.Truncated : BlockDecodeStatus.Malformed;
        }

        if (declared == 0 || declared > MaxSamples)
        {
            return BlockDecodeStatus.CountOutOfRange;
        }

        count = (int)declared;
        return BlockDecodeStatus.Ok;
    }

    public static BlockDecodeStatus TryDecode(ReadOnlySpan<byte> source, Span<long> timestamps, Span<double> values, Span<uint> qualities, out int count)
    {
        var status = TryReadCount(source, out count);
        if (status != BlockDecodeStatus.Ok)
        {
            return status;
        }

        if (timestamps.Length < count || values.Length < count || qualities.Length < count)
        {
            return BlockDecodeStatus.DestinationTooSmall;
        }

        var position = 1;
        Varint.TryRead(source, ref position, out _, out _);
        status = ReadQualityRuns(source, ref position, qualities[..count]);
        if (status != BlockDecodeStatus.Ok)
        {
            return status;
        }

        var reader = new BitReader(source, position);
        if (!reader.TryRead(64, out var firstTime) || !reader.TryRead(64, out var previousBits))
        {
            return BlockDecodeStatus.Truncated;
        }

        var previousTime = (long)firstTime;
        timestamps[0] = previousTime;
        values[0] = BitConverter.UInt64BitsToDouble(previousBits);
        var previousDelta = 0L;
        var windowLeading = -1;
        var windowTrailing = 0;
        for (var i = 1; i < count; i++)
        {
            status = ReadDeltaOfDelta(ref reader, out var deltaOfDelta);
            if (status != BlockDecodeStatus.Ok)
            {
                return status;
            }

            previousDelta = unchecked(previousDelta + deltaOfDelta);
            previousTime = unchecked(previousTime + previousDelta);
            timestamps[i] = previousTime;

            status = ReadXor(ref reader, ref windowLeading, ref windowTrailing, out var xor);
            if (status != BlockDecodeStatus.Ok)
            {
                return status;
            }

            previousBits ^= xor;
            values[i] = BitConverter.UInt64BitsToDouble(previousBits);
        }

        if (reader.Position != source.Length || reader.UnreadBits != 0)
        {
            return BlockDecodeStatus.TrailingData;
        }

        return BlockDecodeStatus.Ok;
    }

    private static int WriteQualityRuns(ReadOnlySpan<uint> qualities, Span<byte> destination, int position)
    {
        var runs = 1;
        for (var i = 1; i < qualities.Length; i++)
        {
            if (qualities[i] != qualities[i - 1])
            {
                runs++;
            }
        }

        position += Varint.Write(destination[position..], (ulong)runs);
        var start = 0;
        for (var i = 1; i <= qualities.Length; i++)
        {
            if (i == qualities.Length || qualities[i] != qualities[start])
            {
                position += Varint.Write(destination[position..], (ulong)(i - start));
                position += Varint.Write(destination[position..], qualities[start]);
                start = i;
            }
        }

        return position;
    }

    private static BlockDecodeStatus ReadQualityRuns(ReadOnlySpan<byte> source, ref int position, Span<uint> qualities)
    {
        if (!Varint.TryRead(source, ref position, out var runs, out var truncated))
        {
            return truncated ? BlockDecodeStatus.Truncated : BlockDecodeStatus.Malformed;
        }

        if (runs == 0 || runs > (ulong)qualities.Length)
        {
            return BlockDecodeStatus.Malformed;
        }

        var filled = 0;
        for (var r = 0UL; r < runs; r++)
        {
            if (!Varint.TryRead(source, ref position, out var length, out truncated)
                || !Varint.TryRead(source, ref position, out var code, out truncated))
            {
                return truncated ? BlockDecodeStatus.Truncated : BlockDecodeStatus.Malformed;
            }

            if (length == 0 || length > (ulong)(qualities.Length - filled) || code > uint.MaxValue)
            {
                return BlockDecodeStatus.Malformed;
            }

            qualities.Slice(filled, (int)length).Fill((uint)code);
            filled += (int)length;
        }

        return filled == qualities.Length ? BlockDecodeStatus.Ok : BlockDecodeStatus.Malformed;
    }

    private static void WriteDeltaOfDelta(ref BitWriter writer, long deltaOfDelta)
    {
        if (deltaOfDelta == 0)
        {
            writer.Write(0b0, 1);
            return;
        }

        var zigZag = (ulong)((deltaOfDelta << 1) ^ (deltaOfDelta >> 63));
        if (zigZag < 1UL << 6)
        {
            writer.Write(0b10, 2);
            writer.Write(zigZag, 6);
        }
        else if (zigZag < 1UL << 13)
        {
            writer.Write(0b110, 3);
            writer.Write(zigZag, 13);
        }
        else if (zigZag < 1UL << 20)
        {
            writer.Write(0b1110, 4);
            writer.Write(zigZag, 20);
        }
        else if (zigZag < 1UL << 32)
        {
            writer.Write(0b11110, 5);
            writer.Write(zigZag, 32);
        }
        else
        {
            writer.Write(0b11111, 5);
            writer.Write(zigZag, 64);
        }
    }

    private static BlockDecodeStatus ReadDeltaOfDelta(ref BitReader reader, out long deltaOfDelta)
    {
        deltaOfDelta = 0;
        var width = 0;
        for (var prefix = 0; prefix < 5; prefix++)
        {
            if (!reader.TryReadBit(out var one))
            {
                return BlockDecodeStatus.Truncated;
            }

            if (!one)
            {
                width = prefix switch { 0 => 0, 1 => 6, 2 => 13, 3 => 20, _ => 32 };
                break;
            }

            if (prefix == 4)
            {
                width = 64;
            }
        }

        if (width == 0)
        {
            return BlockDecodeStatus.Ok;
        }

        if (!reader.TryRead(width, out var zigZag))
        {
            return BlockDecodeStatus.Truncated;
        }

        deltaOfDelta = (long)(zigZag >> 1) ^ -(long)(zigZag & 1);
        return BlockDecodeStatus.Ok;
    }

    private static void WriteXor(ref BitWriter writer, ulong xor, ref int windowLeading, ref int windowTrailing)
    {
        if (xor == 0)
        {
            writer.Write(0b0, 1);
            return;
        }

        var leading = BitOperations.LeadingZeroCount(xor);
        var trailing = BitOperations.TrailingZeroCount(xor);
        var newLength = 64 - leading - trailing;
        if (windowLeading >= 0 && leading >= windowLeading && trailing >= windowTrailing)
        {
            var windowLength = 64 - windowLeading - windowTrailing;
            if (windowLength <= newLength + 12)
            {
                writer.Write(0b10, 2);
                writer.Write(xor >> windowTrailing, windowLength);
                return;
            }
        }

        writer.Write(0b11, 2);
        writer.Write((ulong)leading, 6);
        writer.Write((ulong)(newLength - 1), 6);
        writer.Write(xor >> trailing, newLength);
        windowLeading = leading;
        windowTrailing = trailing;
    }

    private static BlockDecodeStatus ReadXor(ref BitReader reader, ref int windowLeading, ref int windowTrailing, out ulong xor)
    {
        xor = 0;
        if (!reader.TryReadBit(out var changed))
        {
            return BlockDecodeStatus.Truncated;
        }

        if (!changed)
        {
            return BlockDecodeStatus.Ok;
        }

        if (!reader.TryReadBit(out var newWindow))
        {
            return BlockDecodeStatus.Truncated;
        }

        if (newWindow)
        {
            if (!reader.TryRead(6, out var leading) || !reader.TryRead(6, out var lengthMinusOne))
            {
                return BlockDecodeStatus.Truncated;
            }

            var length = (int)lengthMinusOne + 1;
            if ((int)leading + length > 64)
            {
                return BlockDecodeStatus.Malformed;
            }

            windowLeading = (int)leading;
            windowTrailing = 64 - windowLeading - length;
        }
        else if (windowLeading < 0)
        {
            return BlockDecodeStatus.Malformed;
        }

        var windowLength = 64 - windowLeading - windowTrailing;
        if (!reader.TryRead(windowLength, out var meaningful))
        {
            return BlockDecodeStatus.Truncated;
        }

        xor = meaningful << windowTrailing;
        return BlockDecodeStatus.Ok;
    }
}
