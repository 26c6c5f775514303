using System.Diagnostics;
using EdgeTwin.OpcUa.Benchmarks.LoadClient;

namespace EdgeTwin.OpcUa.Benchmarks;

/// <summary>
/// Read of 100 Values per request (OPC 10000-4 §5.10.2) with a fixed number of requests outstanding on one
/// session. The request is encoded once; each response's ServiceResult is checked and every 64th is decoded
/// whole and checked value by value, so a server that answered wrongly fails the run.
/// </summary>
internal static class ReadThroughput
{
    public readonly record struct Result(double RequestsPerSecond, double ServerCpuPercent, double ClientCpuPercent);

    public static async Task<Result> RunAsync(ServerProcess server, int outstanding, TimeSpan duration, CancellationToken ct)
    {
        await using var channel = await UaTcpClient.ConnectAsync("127.0.0.1", server.Port, ct);
        var session = await UaSession.CreateAsync(channel, server.EndpointUrl, ct);
        var request = new ReadRequest
        {
            RequestHeader = session.Header(),
            MaxAge = 0,
            TimestampsToReturn = TimestampsToReturn.Both,
            NodesToRead = [.. Enumerable.Range(0, 100).Select(i => new ReadValueId { NodeId = BenchServer.SignalNodeId(i), AttributeId = 13 })],
        };
        var framed = channel.Frame(UaTcpClient.EncodeBody(request));

        // Warm up (JIT, server caches) for a fifth of the run, then measure.
        await LoopAsync(channel, framed, outstanding, duration / 5, ct);
        var serverCpu = server.CpuTime;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var done = await LoopAsync(channel, framed, outstanding, duration, ct);
        var elapsed = watch.Elapsed.TotalSeconds;
        var result = new Result(
            done / elapsed,
            100 * (server.CpuTime - serverCpu).TotalSeconds / elapsed,
            100 * (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds / elapsed);
        await session.CloseAsync(ct);
        await channel.CloseAsync(ct);
        return result;
    }

    private static async Task<long> LoopAsync(UaTcpClient channel, byte[] framed, int outstanding, TimeSpan duration, CancellationToken ct)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        for (var i = 0; i < outstanding; i++)
        {
            await channel.SendFramedAsync(framed, channel.NextRequestId(), ct);
        }

        long done = 0;
        var inFlight = outstanding;
        while (inFlight > 0)
        {
            var (_, body) = await channel.ReceiveAsync(ct);
            inFlight--;
            Check(body, done);
            done++;
            if (Stopwatch.GetTimestamp() < end)
            {
                await channel.SendFramedAsync(framed, channel.NextRequestId(), ct);
                inFlight++;
            }
        }

        return done;
    }

    private static void Check(ReadOnlyMemory<byte> body, long index)
    {
        var status = UaTcpClient.PeekServiceResult(body.Span, out var typeId);
        if (typeId != ReadResponse.TypeBinaryEncodingId || status.IsBad)
        {
            throw new InvalidDataException("Read answered with type " + typeId + ", " + status);
        }

        if (index % 64 == 0)
        {
            var response = UaTcpClient.DecodeResponse<ReadResponse>(body);
            if (response.Results is not { Length: 100 } results || results.Any(r => r.Status.IsBad || r.Value.Type != BuiltInType.Double))
            {
                throw new InvalidDataException("Read results are not 100 good Doubles");
            }
        }
    }
}
