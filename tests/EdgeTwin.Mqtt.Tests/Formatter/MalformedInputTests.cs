using System.Buffers;
using EdgeTwin.Mqtt.Adapter;
using EdgeTwin.Mqtt.Packets;

namespace EdgeTwin.Mqtt.Tests.Formatter;

/// <summary>Each input rule of the decoder, violated on purpose, gives its specific reason code.</summary>
public sealed class MalformedInputTests
{
    public static TheoryData<string, string, MqttProtocolVersion, MqttReasonCode> Cases() => new()
    {
        { "reserved packet type 0", "0000", MqttProtocolVersion.V500, MqttReasonCode.MalformedPacket },
        { "Remaining Length of five bytes", "30FFFFFFFF01", MqttProtocolVersion.V500, MqttReasonCode.MalformedPacket },
        { "topic length beyond the packet", "3004FFFF6162", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "topic with invalid UTF-8", "30050003C0AF61", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "topic with U+0000", "300500036100" + "62", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "topic with an encoded surrogate", "30050003EDA080", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "topic with a wildcard", "30040002612B", MqttProtocolVersion.V311, MqttReasonCode.TopicNameInvalid },
        { "empty topic in 3.1.1", "30020000", MqttProtocolVersion.V311, MqttReasonCode.TopicNameInvalid },
        { "empty topic without alias in 5.0", "3003000000", MqttProtocolVersion.V500, MqttReasonCode.ProtocolError },
        { "PUBLISH QoS 3", "36050001610001", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "QoS 0 with DUP", "3803000161", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "QoS 1 with packet id 0", "320500016100" + "00", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "property length beyond the packet", "3005000161" + "0A" + "00", MqttProtocolVersion.V500, MqttReasonCode.MalformedPacket },
        { "property id not allowed in PUBLISH", "3006000161" + "02" + "2101", MqttProtocolVersion.V500, MqttReasonCode.MalformedPacket },
        { "undefined property id after a defined one", "3008000161" + "04" + "0100" + "4100", MqttProtocolVersion.V500, MqttReasonCode.MalformedPacket },
        { "property id as an over-long Variable Byte Integer", "3009000161" + "05" + "8180808001", MqttProtocolVersion.V500, MqttReasonCode.MalformedPacket },
        { "duplicate Content Type", "300A000161" + "06" + "030000" + "030000", MqttProtocolVersion.V500, MqttReasonCode.ProtocolError },
        { "Topic Alias 0", "3007000161" + "03" + "230000", MqttProtocolVersion.V500, MqttReasonCode.TopicAliasInvalid },
        { "Payload Format Indicator 2", "3006000161" + "02" + "0102", MqttProtocolVersion.V500, MqttReasonCode.ProtocolError },
        { "PUBREL without its fixed flags", "60020001", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "PUBACK with trailing bytes in 3.1.1", "4003000100", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "CONNACK return code 6", "20020006", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "CONNACK reserved flag bit", "20020200", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "refused CONNACK with Session Present", "2003018600", MqttProtocolVersion.V500, MqttReasonCode.ProtocolError },
        { "CONNACK Receive Maximum 0", "2006000003210000", MqttProtocolVersion.V500, MqttReasonCode.ProtocolError },
        { "SUBACK 3.1.1 reserved code", "9003000103", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "SUBACK without reason codes", "9003000100", MqttProtocolVersion.V500, MqttReasonCode.ProtocolError },
        { "PINGRESP with a body", "D00100", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "AUTH in 3.1.1", "F000", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "DISCONNECT body in 3.1.1", "E00100", MqttProtocolVersion.V311, MqttReasonCode.MalformedPacket },
        { "user property name cut short", "3009000161" + "05" + "260005" + "6162", MqttProtocolVersion.V500, MqttReasonCode.MalformedPacket },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Violations_give_their_reason_code(string violation, string hex, MqttProtocolVersion version, MqttReasonCode expected)
    {
        var error = Assert.Throws<MqttProtocolException>(() => PacketCodec.Decode(Convert.FromHexString(hex), version));
        Assert.True(expected == error.ReasonCode, $"{violation}: expected {expected}, got {error.ReasonCode} ({error.Message})");
    }

    [Fact]
    public void A_packet_over_the_maximum_size_is_refused_from_its_header_before_the_body_arrives()
    {
        // Fixed header announcing 1,000,000 bytes; none of the body is present yet.
        var sequence = new ReadOnlySequence<byte>(new byte[] { 0x30, 0xC0, 0x84, 0x3D });
        var error = Assert.Throws<MqttProtocolException>(() => MqttFrameReader.TryRead(ref sequence, 65_536, out _));
        Assert.Equal(MqttReasonCode.PacketTooLarge, error.ReasonCode);
    }

    [Fact]
    public void Frames_split_at_every_byte_across_segments_are_reassembled()
    {
        var packet = PacketCodec.Encode(new PublishPacket { Topic = "a/b", Payload = new byte[300], QoS = MqttQualityOfService.AtLeastOnce, PacketId = 9 }, MqttProtocolVersion.V500);
        var twice = packet.Concat(packet).ToArray();
        for (var split = 0; split <= twice.Length; split++)
        {
            var sequence = Segments.Of(twice.AsMemory(0, split), twice.AsMemory(split));
            Assert.True(MqttFrameReader.TryRead(ref sequence, uint.MaxValue, out var first));
            Assert.True(MqttFrameReader.TryRead(ref sequence, uint.MaxValue, out var second));
            Assert.True(sequence.IsEmpty);
            Assert.Equal(PacketType.Publish, first.Type);
            Assert.Equal(packet.AsSpan(packet.Length - 300).ToArray(), first.Body.Slice(first.Body.Length - 300).ToArray());
            Assert.Equal(first.Body.ToArray(), second.Body.ToArray());
        }
    }

    [Fact]
    public void An_incomplete_frame_asks_for_more_bytes_and_consumes_nothing()
    {
        var packet = PacketCodec.Encode(new PublishPacket { Topic = "t", Payload = new byte[200] }, MqttProtocolVersion.V311);
        for (var length = 0; length < packet.Length; length++)
        {
            var sequence = new ReadOnlySequence<byte>(packet.AsMemory(0, length));
            Assert.False(MqttFrameReader.TryRead(ref sequence, uint.MaxValue, out _));
            Assert.Equal(length, sequence.Length);
        }
    }

    private sealed class Segments : ReadOnlySequenceSegment<byte>
    {
        private Segments(ReadOnlyMemory<byte> memory) => Memory = memory;

        public static ReadOnlySequence<byte> Of(ReadOnlyMemory<byte> first, ReadOnlyMemory<byte> second)
        {
            var a = new Segments(first);
            var b = new Segments(second) { RunningIndex = first.Length };
            a.Next = b;
            return new ReadOnlySequence<byte>(a, 0, b, second.Length);
        }
    }
}
