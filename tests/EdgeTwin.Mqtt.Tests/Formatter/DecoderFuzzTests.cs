using System.Diagnostics;
using FsCheck.Fluent;

namespace EdgeTwin.Mqtt.Tests.Formatter;

/// <summary>
/// Mutation fuzzing of framing + decoding: valid packets with bit flips, truncations, corrupted length fields and
/// spliced bytes. The only acceptable failure is <see cref="MqttProtocolException"/>; each input must finish
/// quickly and allocate in proportion to its own length, never to a length field it carries.
/// </summary>
public sealed class DecoderFuzzTests
{
    private const int SeedsPerVersion = 1_500;
    private const int MutationsPerSeed = 8;

    [Theory]
    [InlineData(MqttProtocolVersion.V311, 11)]
    [InlineData(MqttProtocolVersion.V500, 12)]
    public void Mutated_packets_fail_only_with_the_library_protocol_error(MqttProtocolVersion version, int seed)
    {
        var random = new Random(seed);
        var valid = PacketGenerators.Any(version).Sample(SeedsPerVersion, 40).Select(p => PacketCodec.Encode(p, version)).ToArray();
        var outcomes = new Dictionary<string, int>();
        var stopwatch = Stopwatch.StartNew();
        var mutated = 0;
        long worstAllocation = 0;
        foreach (var packet in valid)
        {
            for (var i = 0; i < MutationsPerSeed; i++)
            {
                var input = Mutate(packet, random);
                mutated++;
                var before = GC.GetAllocatedBytesForCurrentThread();
                var start = stopwatch.Elapsed;
                string outcome;
                try
                {
                    PacketCodec.Decode(input, version, maximumPacketSize: 64 * 1024);
                    outcome = "decoded";
                }
                catch (MqttProtocolException ex)
                {
                    outcome = ex.ReasonCode.ToString();
                }
                catch (Exception ex)
                {
                    Assert.Fail($"Input {Convert.ToHexString(input)} threw {ex.GetType().Name}: {ex.Message}");
                    throw;
                }

                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                worstAllocation = Math.Max(worstAllocation, allocated - (16L * input.Length));
                Assert.True(allocated < 16_384 + (16L * input.Length), $"Decoding {input.Length} bytes allocated {allocated} bytes: {Convert.ToHexString(input)}");
                Assert.True(stopwatch.Elapsed - start < TimeSpan.FromSeconds(1), $"Decoding took {stopwatch.Elapsed - start}: {Convert.ToHexString(input)}");
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
        }

        Assert.True(mutated >= 10_000, $"only {mutated} inputs");
        // The mutations must reach deep into the decoder, not just bounce off the frame check.
        Assert.True(outcomes.GetValueOrDefault("decoded") > 500, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault(nameof(MqttReasonCode.MalformedPacket)) > 2_000, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault(nameof(MqttReasonCode.PacketTooLarge)) > 0, string.Join(", ", outcomes));
        if (version == MqttProtocolVersion.V500)
        {
            Assert.True(outcomes.GetValueOrDefault(nameof(MqttReasonCode.ProtocolError)) > 0, string.Join(", ", outcomes));
        }
    }

    private static byte[] Mutate(byte[] packet, Random random)
    {
        var bytes = (byte[])packet.Clone();
        switch (random.Next(7))
        {
            case 0:
                // One to four bit flips anywhere.
                for (var i = random.Next(1, 5); i > 0; i--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            case 1:
                // Truncation, then the Remaining Length patched to match so the frame is complete but the body short.
                var cut = random.Next(1, bytes.Length + 1);
                return PatchRemainingLength(bytes.AsSpan(0, cut).ToArray());
            case 2:
                // Remaining Length bytes corrupted: huge, five-byte, or off by a little.
                bytes[1] = (byte)random.Next(256);
                if (bytes.Length > 2 && random.Next(2) == 0)
                {
                    bytes[2] = 0xFF;
                }

                return bytes;
            case 3:
                // A two-byte length field inside the body (string, binary, packet id) set to an extreme.
                if (bytes.Length > 4)
                {
                    var at = random.Next(2, bytes.Length - 1);
                    bytes[at] = random.Next(2) == 0 ? (byte)0xFF : (byte)0x00;
                    bytes[at + 1] = (byte)random.Next(256);
                }

                return bytes;
            case 4:
                // A Variable Byte Integer (property length, property id) forced to continue.
                if (bytes.Length > 3)
                {
                    var at = random.Next(2, bytes.Length);
                    bytes[at] |= 0x80;
                }

                return bytes;
            case 5:
                // Random bytes spliced in, length patched.
                var insert = new byte[random.Next(1, 8)];
                random.NextBytes(insert);
                var position = random.Next(2, Math.Max(3, bytes.Length));
                var spliced = bytes.Take(position).Concat(insert).Concat(bytes.Skip(position)).ToArray();
                return PatchRemainingLength(spliced);
            default:
                // Invalid UTF-8 or U+0000 dropped into the body.
                if (bytes.Length > 3)
                {
                    bytes[random.Next(2, bytes.Length)] = random.Next(3) switch { 0 => 0xC0, 1 => 0xFF, _ => 0x00 };
                }

                return bytes;
        }
    }

    /// <summary>Rewrites the Remaining Length of a packet whose original length field is at most 2 bytes.</summary>
    private static byte[] PatchRemainingLength(byte[] bytes)
    {
        if (bytes.Length < 2)
        {
            return bytes;
        }

        var lengthBytes = (bytes[1] & 0x80) != 0 && bytes.Length > 2 ? 2 : 1;
        var body = bytes.AsSpan(1 + lengthBytes).ToArray();
        var header = new List<byte> { bytes[0] };
        var remaining = body.Length;
        do
        {
            var digit = (byte)(remaining % 128);
            remaining /= 128;
            header.Add(remaining > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (remaining > 0);
        return [.. header, .. body];
    }
}
