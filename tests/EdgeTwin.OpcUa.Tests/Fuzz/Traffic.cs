using System.Buffers.Binary;

namespace EdgeTwin.OpcUa.Tests.Fuzz;

/// <summary>Client→server UA-TCP byte streams captured from node-opcua, split into messages.</summary>
internal static class Traffic
{
    public static string FixtureDirectory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Traffic");

    public static List<byte[]> LoadStreams()
    {
        var files = Directory.GetFiles(FixtureDirectory, "*.bin").Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count > 0, "no captured traffic in " + FixtureDirectory);
        return files.Select(File.ReadAllBytes).ToList();
    }

    /// <summary>Splits a stream at the 8-byte UA-TCP headers (§7.1.2.2).</summary>
    public static List<byte[]> Chunks(byte[] stream)
    {
        var chunks = new List<byte[]>();
        var pos = 0;
        while (pos + 8 <= stream.Length)
        {
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(stream.AsSpan(pos + 4));
            if (size < 8 || pos + size > stream.Length)
            {
                break;
            }

            chunks.Add(stream.AsSpan(pos, size).ToArray());
            pos += size;
        }

        return chunks;
    }

    /// <summary>
    /// Gives every chunk after the first OPN the channel id a fresh server assigns (1), so a captured session
    /// replays against a new server as it ran against the old one.
    /// Passing <paramref name="channelId"/> targets a server that already had channels.
    /// </summary>
    public static List<byte[]> ForFreshServer(List<byte[]> chunks, uint channelId = 1)
    {
        var result = new List<byte[]>();
        var opened = false;
        foreach (var c in chunks)
        {
            var copy = (byte[])c.Clone();
            var type = TypeOf(copy);
            if (copy.Length >= 12 && (type is "MSG" or "CLO" || (type == "OPN" && opened)))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(8), channelId);
            }

            opened |= type == "OPN";
            result.Add(copy);
        }

        return result;
    }

    public static string TypeOf(byte[] chunk) => chunk.Length < 3 ? "" : System.Text.Encoding.ASCII.GetString(chunk, 0, 3);

    /// <summary>The numeric type id a MSG chunk's body starts with (OPC 10000-6 §5.2.2.9), or null.</summary>
    public static uint? BodyType(byte[] chunk)
    {
        if (chunk.Length < 28 || TypeOf(chunk) != "MSG")
        {
            return null;
        }

        try
        {
            var d = new BinaryDecoder(chunk.AsSpan(24), EncodingLimits.Default);
            var id = d.ReadNodeId();
            return id.NamespaceIndex == 0 && id.IdType == IdType.Numeric ? id.NumericId : null;
        }
        catch (StatusException)
        {
            return null;
        }
    }

    public static byte[] Encode(NodeId nodeId)
    {
        using var buffer = new PooledBuffer(64);
        var e = new BinaryEncoder(buffer, EncodingLimits.Default);
        e.WriteNodeId(nodeId);
        e.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
