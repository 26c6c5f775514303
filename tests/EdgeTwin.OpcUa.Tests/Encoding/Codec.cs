namespace EdgeTwin.OpcUa.Tests.Encoding;

internal delegate void EncodeAction(ref BinaryEncoder encoder);

internal delegate T DecodeFunc<out T>(ref BinaryDecoder decoder);

internal static class Codec
{
    public static byte[] Encode(EncodeAction write, int chunk = 0)
    {
        if (chunk > 0)
        {
            var sink = new TinySpanSink(chunk);
            var e = new BinaryEncoder(sink.First(), sink, EncodingLimits.Default);
            write(ref e);
            e.Flush();
            return sink.ToArray();
        }

        using var buffer = new PooledBuffer(64);
        var encoder = new BinaryEncoder(buffer, EncodingLimits.Default);
        write(ref encoder);
        encoder.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static T Decode<T>(byte[] bytes, DecodeFunc<T> read, EncodingLimits? limits = null)
    {
        var d = new BinaryDecoder(bytes, limits ?? EncodingLimits.Default);
        var value = read(ref d);
        Assert.Equal(0, d.Remaining);
        return value;
    }

    /// <summary>A sink handing out spans of a few bytes, so every write crosses span boundaries.</summary>
    private sealed class TinySpanSink(int size) : IEncoderSink
    {
        private readonly List<byte> _bytes = [];
        private byte[] _current = [];

        public Span<byte> First()
        {
            _current = new byte[size];
            return _current;
        }

        public Span<byte> Advance(int written, int sizeHint)
        {
            _bytes.AddRange(_current.AsSpan(0, written).ToArray());
            return First();
        }

        public byte[] ToArray() => [.. _bytes];
    }
}
