using System.Buffers.Binary;

namespace EdgeTwin.OpcUa.Tests.Fuzz;

/// <summary>Classic byte-level mutations of a valid message (AFL-style), deterministic from a Random.</summary>
internal static class Mutator
{
    private static readonly int[] Interesting = [-1, -2, 0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x10000, 0x7FFFFFFF, int.MinValue, 1 << 20, 1 << 24];

    public static byte[] Mutate(byte[] input, Random random, int protectPrefix = 0)
    {
        var data = new List<byte>(input);
        var rounds = random.Next(1, 4);
        for (var r = 0; r < rounds; r++)
        {
            var span = data.Count - protectPrefix;
            if (span <= 0)
            {
                break;
            }

            var at = protectPrefix + random.Next(span);
            switch (random.Next(7))
            {
                case 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data[at] = (byte)random.Next(256);
                    break;
                case 2 when at + 4 <= data.Count:
                    var bytes = new byte[4];
                    BinaryPrimitives.WriteInt32LittleEndian(bytes, Interesting[random.Next(Interesting.Length)]);
                    for (var i = 0; i < 4; i++)
                    {
                        data[at + i] = bytes[i];
                    }

                    break;
                case 3:
                    data.RemoveRange(at, Math.Min(random.Next(1, 16), data.Count - at));
                    break;
                case 4:
                    var insert = new byte[random.Next(1, 16)];
                    random.NextBytes(insert);
                    data.InsertRange(at, insert);
                    break;
                case 5:
                    data.RemoveRange(at, data.Count - at);
                    break;
                default:
                    var from = protectPrefix + random.Next(span);
                    var len = Math.Min(random.Next(1, 32), Math.Min(data.Count - from, data.Count - at));
                    var copy = data.GetRange(from, len);
                    for (var i = 0; i < len; i++)
                    {
                        data[at + i] = copy[i];
                    }

                    break;
            }
        }

        return [.. data];
    }
}
