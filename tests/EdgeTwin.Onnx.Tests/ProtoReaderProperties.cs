using EdgeTwin.Onnx.Model;
using EdgeTwin.Onnx.Protobuf;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Onnx.Tests;

public sealed class ProtoReaderProperties
{
    [Fact]
    public void Every_64_bit_varint_round_trips()
    {
        Prop.ForAll<ulong>(value =>
        {
            var bytes = new ProtoBuilder().RawVarint(value).ToArray();
            var reader = new ProtoReader(bytes);
            return reader.ReadVarint(out var decoded) == ProtoError.None && decoded == value && reader.End;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Arbitrary_bytes_never_escape_as_anything_but_onnx_exceptions()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            try
            {
                OnnxModelReader.Read(bytes);
            }
            catch (Exception e) when (e is OnnxFormatException or OnnxUnsupportedException)
            {
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }

    [Fact]
    public void A_length_prefix_beyond_the_buffer_is_an_error_not_an_overread()
    {
        Prop.ForAll<byte[], uint>((payload, extra) =>
        {
            var claimed = (ulong)payload.Length + 1 + (extra % 1000);
            var bytes = new ProtoBuilder().Tag(1, 2).RawVarint(claimed).Raw(payload).ToArray();
            var reader = new ProtoReader(bytes);
            return reader.ReadTag(out _, out _) == ProtoError.None && reader.ReadLengthDelimited(out _) == ProtoError.LengthOutOfRange;
        }).QuickCheckThrowOnFailure();
    }
}
