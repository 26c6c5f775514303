using Xunit.Abstractions;

namespace EdgeTwin.OpcUa.Tests.Fuzz;

/// <summary>
/// Fuzzing inside an activated session: a captured node-opcua session (Browse, Read, Write, Call,
/// CreateSubscription, CreateMonitoredItems, Publish, Republish, DeleteSubscriptions, CloseSession) is replayed
/// with this server's own authentication token up to and including ActivateSession, then one later chunk is
/// mutated. The services must answer or fault, never crash or hang; a connection closed by the server carries
/// a protocol status; memory stays bounded.
/// </summary>
public class ActivatedSessionFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 100_000;

    private static readonly uint[] ServiceResponses =
    [
        BrowseResponse.TypeBinaryEncodingId, ReadResponse.TypeBinaryEncodingId, WriteResponse.TypeBinaryEncodingId,
        CallResponse.TypeBinaryEncodingId, CreateSubscriptionResponse.TypeBinaryEncodingId, CreateMonitoredItemsResponse.TypeBinaryEncodingId,
        PublishResponse.TypeBinaryEncodingId, RepublishResponse.TypeBinaryEncodingId, DeleteSubscriptionsResponse.TypeBinaryEncodingId,
    ];

    [Fact]
    public async Task The_captured_full_session_replays_activated_through_every_service()
    {
        var seed = Seeds().Single(s => s.Name.StartsWith("fullsession", StringComparison.Ordinal));
        var server = InProcessConnection.NewServer();
        try
        {
            var stream = new SessionReplayStream(Traffic.ForFreshServer(seed.Chunks, server.PeekNextChannelId()), waitForPublish: true);
            await InProcessConnection.RunAsync(server, stream, TimeSpan.FromSeconds(10));
            var responses = Traffic.Chunks(stream.Written()).Select(Traffic.BodyType).ToList();
            Assert.DoesNotContain(Traffic.Chunks(stream.Written()), c => Traffic.TypeOf(c) == "ERR");
            Assert.Contains(ActivateSessionResponse.TypeBinaryEncodingId, responses);
            foreach (var type in ServiceResponses.Where(t => t != RepublishResponse.TypeBinaryEncodingId))
            {
                Assert.True(responses.Contains(type), "no response " + type + " in " + string.Join(",", responses));
            }

            // Publish requests still queued when the subscription and session go are answered with faults (§5.13.5);
            // the Republish asks for a message the client had already acknowledged (§5.13.6).
            var faults = Traffic.Chunks(stream.Written()).Where(c => Traffic.BodyType(c) == ServiceFault.TypeBinaryEncodingId)
                .Select(c => new StatusCode(BitConverter.ToUInt32(c, 24 + 4 + 12)).Base).Distinct();
            Assert.All(faults, f => Assert.Contains(f, new[] { StatusCodes.BadNoSubscription, StatusCodes.BadSessionClosed, StatusCodes.BadMessageNotAvailable }));
            Assert.Equal(0, server.Sessions.Count); // the captured CloseSession closed the session it activated
        }
        finally
        {
            ((EdgeTwin.OpcUa.Subscriptions.SubscriptionEngine)server.Subscriptions!).Dispose();
        }
    }

    [Fact]
    public async Task Mutated_requests_inside_an_activated_session_never_crash_or_hang_and_close_with_a_protocol_status()
    {
        var seeds = Seeds();
        var server = InProcessConnection.NewServer();
        var random = new Random(4_2026);
        int activated = 0, reachedServices = 0, faults = 0, closedWithError = 0;
        var statuses = new Dictionary<uint, int>();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        try
        {
            for (var i = 0; i < Iterations; i++)
            {
                var seed = seeds[random.Next(seeds.Count)];
                var chunks = Traffic.ForFreshServer(seed.Chunks, server.PeekNextChannelId());

                // Keep everything up to ActivateSession intact; mutate one later chunk, usually only its body.
                var target = random.Next(seed.Activation + 1, chunks.Count);
                var protect = random.Next(8) switch { 0 => 0, 1 => 8, _ => 24 };
                var input = chunks.Take(target).Append(Mutator.Mutate(chunks[target], random, protect))
                    .Concat(chunks.Skip(target + 1).Take(random.Next(3))).ToList();

                var stream = new SessionReplayStream(input);
                await InProcessConnection.RunAsync(server, stream, TimeSpan.FromSeconds(10));

                var sent = Traffic.Chunks(stream.Written());
                var types = sent.Select(Traffic.BodyType).ToList();
                activated += types.Contains(ActivateSessionResponse.TypeBinaryEncodingId) ? 1 : 0;
                reachedServices += types.Any(t => t is { } v && ServiceResponses.Contains(v)) ? 1 : 0;
                faults += types.Count(t => t == ServiceFault.TypeBinaryEncodingId);
                if (sent.FirstOrDefault(c => Traffic.TypeOf(c) == "ERR") is { } err)
                {
                    var status = new StatusCode(BitConverter.ToUInt32(err, 8));
                    closedWithError++;
                    statuses[status.Base] = statuses.GetValueOrDefault(status.Base) + 1;
                    Assert.True(ConnectionFuzzTests.ProtocolStatuses.Contains(status.Base), "unexpected ERR status " + status + " in run " + i);
                }

                // The client is gone: its session would time out; end it now so runs do not pile up sessions.
                foreach (var session in server.Sessions.All.ToList())
                {
                    server.Sessions.Remove(session);
                }

                if (i % 5000 == 0)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false) - baseline);
                }
            }
        }
        finally
        {
            ((EdgeTwin.OpcUa.Subscriptions.SubscriptionEngine)server.Subscriptions!).Dispose();
        }

        var summary = $"activated {activated}, reached services {reachedServices}, faults {faults}, ERR {closedWithError}: "
            + string.Join(", ", statuses.Select(s => new StatusCode(s.Key) + "=" + s.Value));
        output.WriteLine(summary);
        Assert.True(activated == Iterations, summary);
        Assert.True(reachedServices > Iterations / 2, summary);
        Assert.True(faults > Iterations / 20, summary);
        Assert.True(closedWithError > Iterations / 20, summary);
        Assert.True(statuses.Count >= 3, summary);
        Assert.True(peak < 256L * 1024 * 1024, "managed memory grew by " + peak);
    }

    /// <summary>Captured sessions that activate anonymously on a fresh in-process server, with the index of their ActivateSession chunk.</summary>
    private static List<(string Name, List<byte[]> Chunks, int Activation)> Seeds()
    {
        var seeds = new List<(string, List<byte[]>, int)>();
        foreach (var file in Directory.GetFiles(Traffic.FixtureDirectory, "*.bin").Order(StringComparer.Ordinal))
        {
            var chunks = Traffic.Chunks(File.ReadAllBytes(file));
            var activation = chunks.FindIndex(c => Traffic.BodyType(c) == ActivateSessionRequest.TypeBinaryEncodingId);
            var anonymous = activation >= 0 && DecodesAnonymous(chunks[activation]);
            if (anonymous && activation < chunks.Count - 2)
            {
                seeds.Add((Path.GetFileNameWithoutExtension(file), chunks, activation));
            }
        }

        Assert.Contains(seeds, s => s.Item1.StartsWith("fullsession", StringComparison.Ordinal));
        return seeds;
    }

    private static bool DecodesAnonymous(byte[] chunk)
    {
        var d = new BinaryDecoder(chunk.AsSpan(24), EncodingLimits.Default);
        d.ReadNodeId();
        var request = new ActivateSessionRequest();
        request.Decode(ref d);
        return request.UserIdentityToken?.Body is AnonymousIdentityToken;
    }
}
