using System.Buffers.Binary;
using EdgeTwin.OpcUa.Tests.Fuzz;
using EdgeTwin.OpcUa.Transport;

namespace EdgeTwin.OpcUa.Tests.Transport;

/// <summary>Large responses are split into chunks of the negotiated size while they are encoded (OPC 10000-6 §6.7.2).</summary>
public class ChunkingTests
{
    private static ReadResponse BigResponse(int values) => new()
    {
        ResponseHeader = new ResponseHeader { RequestHandle = 42, Timestamp = DateTime.UtcNow },
        Results = Enumerable.Range(0, values).Select(i => new DataValue(new Variant(new string('x', 90) + i))).ToArray(),
        DiagnosticInfos = [],
    };

    private static async Task<(ReplayStream Stream, Task Send)> SendAsync(ReadResponse response, uint clientReceiveBuffer, uint maxChunks)
    {
        var stream = new ReplayStream(MessageBuilder.Hello(receiveBuffer: clientReceiveBuffer, maxChunks: maxChunks));
        var tcp = new UaTcpConnection(stream, new TransportLimits());
        await tcp.HandshakeAsync(CancellationToken.None);
        var send = tcp.SendAsync(MessageType.Message, 5, 1, 99, null, (ref BinaryEncoder e) =>
        {
            e.WriteNodeId(response.BinaryEncodingId);
            response.Encode(ref e);
        }, CancellationToken.None);
        return (stream, send);
    }

    [Fact]
    public async Task A_300_kB_response_goes_out_in_chunks_of_the_client_buffer_size_and_reassembles()
    {
        var response = BigResponse(3000);
        var (stream, send) = await SendAsync(response, 8192, 0);
        await send;

        var chunks = Traffic.Chunks(stream.Output.ToArray()).Skip(1).ToList(); // after ACK
        Assert.True(chunks.Count > 30, "chunks: " + chunks.Count);
        Assert.All(chunks, c => Assert.True(c.Length <= 8192));
        Assert.All(chunks[..^1], c => Assert.Equal((byte)'C', c[3]));
        Assert.Equal((byte)'F', chunks[^1][3]);
        var sequence = chunks.Select(c => BinaryPrimitives.ReadUInt32LittleEndian(c.AsSpan(16))).ToList();
        Assert.Equal(Enumerable.Range((int)sequence[0], chunks.Count).Select(i => (uint)i), sequence);
        Assert.All(chunks, c => Assert.Equal(99u, BinaryPrimitives.ReadUInt32LittleEndian(c.AsSpan(20))));

        var body = chunks.SelectMany(c => c[24..]).ToArray();
        var d = new BinaryDecoder(body, EncodingLimits.Default);
        Assert.Equal(new NodeId(ReadResponse.TypeBinaryEncodingId), d.ReadNodeId());
        var decoded = new ReadResponse();
        decoded.Decode(ref d);
        Assert.Equal(3000, decoded.Results!.Length);
        Assert.Equal(response.Results![2999].Value.Reference, decoded.Results[2999].Value.Reference);
    }

    [Fact]
    public async Task A_response_beyond_the_client_chunk_limit_ends_with_an_abort_chunk()
    {
        var (stream, send) = await SendAsync(BigResponse(3000), 8192, 4);
        await send;
        var chunks = Traffic.Chunks(stream.Output.ToArray()).Skip(1).ToList();
        Assert.Equal(5, chunks.Count);
        Assert.Equal((byte)'A', chunks[^1][3]);
        Assert.Equal(StatusCodes.BadResponseTooLarge, BinaryPrimitives.ReadUInt32LittleEndian(chunks[^1].AsSpan(24)));
    }
}
