namespace EdgeTwin.OpcUa.Tests.Fuzz;

/// <summary>
/// Captured node-opcua sessions replayed into the real connection handler, one chunk mutated per run.
/// No run may crash, hang or grow memory without bound, and a closed connection carries a protocol status.
/// </summary>
public class ConnectionFuzzTests
{
    // Each run replays a session prefix of at most 16 chunks (~0.3 ms), so 100,000 runs take about 30 s.
    private const int Iterations = 100_000;

    internal static readonly HashSet<uint> ProtocolStatuses =
    [
        StatusCodes.BadDecodingError, StatusCodes.BadEncodingLimitsExceeded, StatusCodes.BadTcpMessageTooLarge,
        StatusCodes.BadTcpMessageTypeInvalid, StatusCodes.BadSequenceNumberInvalid, StatusCodes.BadSecureChannelIdInvalid,
        StatusCodes.BadSecureChannelTokenUnknown, StatusCodes.BadServiceUnsupported, StatusCodes.BadSecurityPolicyRejected,
        StatusCodes.BadSecurityModeRejected, StatusCodes.BadConnectionRejected, StatusCodes.BadTimeout,
        StatusCodes.BadSecureChannelClosed, StatusCodes.BadSecurityChecksFailed, StatusCodes.BadTcpEndpointUrlInvalid,
    ];

    [Fact]
    public async Task Unmutated_captured_sessions_replay_without_an_error()
    {
        foreach (var stream in Traffic.LoadStreams())
        {
            var output = await InProcessConnection.RunAsync(Traffic.ForFreshServer(Traffic.Chunks(stream)).SelectMany(c => c).ToArray());
            Assert.Null(output.ErrorStatus());
            var sent = output.SentTypes();
            Assert.Equal("ACK", sent[0]);
            Assert.Equal("OPN", sent[1]);
            Assert.Contains("MSG", sent);
        }
    }

    [Fact]
    public async Task Mutated_captured_sessions_never_crash_or_hang_and_close_with_a_protocol_status()
    {
        var sessions = Traffic.LoadStreams().Select(Traffic.Chunks).ToList();
        var server = InProcessConnection.NewServer();
        var random = new Random(1122);
        var closedWithError = 0;
        var statuses = new Dictionary<uint, int>();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var chunks = Traffic.ForFreshServer(sessions[random.Next(sessions.Count)], server.PeekNextChannelId());

            // Mutate one chunk (sometimes its header too), keep the rest, and stop the stream a bit later.
            var target = random.Next(Math.Min(chunks.Count, 16));
            var mutated = Mutator.Mutate(chunks[target], random, protectPrefix: random.Next(4) == 0 ? 0 : 8);
            var end = Math.Min(chunks.Count, target + 1 + random.Next(3));
            var input = chunks.Take(target).Append(mutated).Concat(chunks.Skip(target + 1).Take(end - target - 1)).SelectMany(c => c).ToArray();

            var output = await InProcessConnection.RunAsync(server, input);
            if (output.ErrorStatus() is { } status)
            {
                closedWithError++;
                statuses[status.Base] = statuses.GetValueOrDefault(status.Base) + 1;
                Assert.True(ProtocolStatuses.Contains(status.Base), "unexpected ERR status " + status + " in run " + i);
            }

            if (i % 5000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false) - baseline);
            }
        }

        Assert.True(closedWithError > Iterations / 10, "errors: " + closedWithError);
        Assert.True(statuses.Count >= 4, "statuses seen: " + string.Join(", ", statuses.Select(s => new StatusCode(s.Key) + "=" + s.Value)));
        Assert.True(peak < 256L * 1024 * 1024, "managed memory grew by " + peak);
    }
}
