using System.Diagnostics;
using EdgeTwin.OpcUa.Benchmarks.LoadClient;

namespace EdgeTwin.OpcUa.Benchmarks;

/// <summary>
/// Connect (TCP, Hello/Acknowledge, OpenSecureChannel) + CreateSession + ActivateSession + CloseSession,
/// timed as one unit; the channel is then closed outside the timing. Reports the median and 90th percentile.
/// </summary>
internal static class SessionSetup
{
    public readonly record struct Result(double MedianMs, double P90Ms);

    public static async Task<Result> RunAsync(ServerProcess server, int iterations, CancellationToken ct)
    {
        var times = new List<double>(iterations);
        for (var i = 0; i < iterations + 5; i++)
        {
            var watch = Stopwatch.StartNew();
            await using var channel = await UaTcpClient.ConnectAsync("127.0.0.1", server.Port, ct);
            var session = await UaSession.CreateAsync(channel, server.EndpointUrl, ct);
            await session.CloseAsync(ct);
            var ms = watch.Elapsed.TotalMilliseconds;
            await channel.CloseAsync(ct);
            if (i >= 5)
            {
                times.Add(ms);
            }
        }

        times.Sort();
        return new Result(times[times.Count / 2], times[(int)(times.Count * 0.9)]);
    }
}
