using System.Diagnostics;
using EdgeTwin.OpcUa.Benchmarks.LoadClient;

namespace EdgeTwin.OpcUa.Benchmarks;

/// <summary>
/// One subscription publishing every 100 ms with N monitored items sampled every 100 ms (queue 1), created in
/// one CreateMonitoredItems call (OPC 10000-4 §5.12.2). The client keeps several Publish requests outstanding
/// and acknowledges what it received (§5.13.5); over the measured window it counts the data changes delivered
/// against the N × 10 per second the values changed, and samples the server's CPU time and RSS.
/// </summary>
internal static class MonitoredItemsLoad
{
    private const int PublishesOutstanding = 5;

    public readonly record struct Result(double CreateMs, double ColdCreateMs, double DeleteMs, double ServerCpuPercent, double ClientCpuPercent, long RssBytes, double DeliveredPercent, double ChangesPerSecond);

    public static async Task<Result> RunAsync(ServerProcess server, int items, TimeSpan duration, CancellationToken ct)
    {
        await using var channel = await UaTcpClient.ConnectAsync("127.0.0.1", server.Port, ct);
        var session = await UaSession.CreateAsync(channel, server.EndpointUrl, ct);

        // The first create pays for the server's cold code paths (JIT, type loading) as well as the work; a SCADA
        // client re-creating its subscriptions after a reconnect meets a warm server. Both are reported: the
        // first subscription is created, deleted (timed too), and the second one carries the load.
        var cold = await CreateAsync(channel, session, items, ct);
        var deleteWatch = Stopwatch.StartNew();
        var deleted = await session.CallAsync<DeleteSubscriptionsResponse>(new DeleteSubscriptionsRequest { RequestHeader = session.Header(60_000), SubscriptionIds = [cold.SubscriptionId] }, ct);
        var deleteMs = deleteWatch.Elapsed.TotalMilliseconds;
        if (deleted.Results is not [{ IsGood: true }])
        {
            throw new InvalidDataException("DeleteSubscriptions failed");
        }

        var warm = await CreateAsync(channel, session, items, ct);
        var pump = new PublishPump(channel, session);
        for (var i = 0; i < PublishesOutstanding; i++)
        {
            await pump.SendAsync(ct);
        }

        // Measure the steady state: 100 ms timers call the sampling and publishing code 10 times a second, so the
        // JIT's tiering (and, where enabled, dynamic PGO's instrumented tier) takes seconds to settle.
        await pump.RunAsync(TimeSpan.FromSeconds(10), ct);
        var serverCpu = server.CpuTime;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var changes = await pump.RunAsync(duration, ct);
        var elapsed = watch.Elapsed.TotalSeconds;
        var result = new Result(
            warm.CreateMs,
            cold.CreateMs,
            deleteMs,
            100 * (server.CpuTime - serverCpu).TotalSeconds / elapsed,
            100 * (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds / elapsed,
            server.RssBytes,
            100 * changes / (items * 10 * elapsed),
            changes / elapsed);
        await pump.CloseSessionAsync(ct);
        await channel.CloseAsync(ct);
        return result;
    }

    private readonly record struct Created(uint SubscriptionId, double CreateMs);

    /// <summary>A subscription with N items in one CreateMonitoredItems call, timed from first byte sent to response.</summary>
    private static async Task<Created> CreateAsync(UaTcpClient channel, UaSession session, int items, CancellationToken ct)
    {
        var subscription = await session.CallAsync<CreateSubscriptionResponse>(new CreateSubscriptionRequest
        {
            RequestHeader = session.Header(),
            RequestedPublishingInterval = 100,
            RequestedLifetimeCount = 600,
            RequestedMaxKeepAliveCount = 20,
            MaxNotificationsPerPublish = 0,
            PublishingEnabled = true,
        }, ct);

        var create = UaTcpClient.EncodeBody(new CreateMonitoredItemsRequest
        {
            RequestHeader = session.Header(60_000),
            SubscriptionId = subscription.SubscriptionId,
            TimestampsToReturn = TimestampsToReturn.Both,
            ItemsToCreate = [.. Enumerable.Range(0, items).Select(i => new MonitoredItemCreateRequest
            {
                ItemToMonitor = new ReadValueId { NodeId = BenchServer.SignalNodeId(i), AttributeId = 13 },
                MonitoringMode = MonitoringMode.Reporting,
                RequestedParameters = new MonitoringParameters { ClientHandle = (uint)i, SamplingInterval = 100, QueueSize = 1, DiscardOldest = true },
            })],
        });

        // Timed from the first byte sent to the whole response received; the request was encoded beforehand.
        var watch = Stopwatch.StartNew();
        var createId = channel.NextRequestId();
        await channel.SendEncodedAsync(create, createId, ct);
        var (_, createBody) = await channel.ReceiveAsync(ct);
        var createMs = watch.Elapsed.TotalMilliseconds;
        var created = UaTcpClient.DecodeResponse<CreateMonitoredItemsResponse>(createBody);
        var bad = created.Results?.Count(r => r is null || r.StatusCode.IsBad) ?? items;
        if (created.Results?.Length != items || bad > 0)
        {
            throw new InvalidDataException("CreateMonitoredItems: " + bad + " of " + items + " items failed");
        }

        return new Created(subscription.SubscriptionId, createMs);
    }

    /// <summary>Keeps Publish requests outstanding, acknowledging each notification message in the next request.</summary>
    private sealed class PublishPump(UaTcpClient channel, UaSession session)
    {
        private readonly List<SubscriptionAcknowledgement> _acks = [];

        public async Task SendAsync(CancellationToken ct)
        {
            var request = new PublishRequest { RequestHeader = session.Header(60_000), SubscriptionAcknowledgements = [.. _acks] };
            _acks.Clear();
            await channel.SendEncodedAsync(UaTcpClient.EncodeBody(request), channel.NextRequestId(), ct);
        }

        public async Task<long> RunAsync(TimeSpan duration, CancellationToken ct)
        {
            var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            long changes = 0;
            while (Stopwatch.GetTimestamp() < end)
            {
                var (_, body) = await channel.ReceiveAsync(ct);
                var summary = PublishCounter.Read(body.Span);
                if (summary.Result.IsBad)
                {
                    throw new InvalidDataException("Publish answered " + summary.Result);
                }

                if (!summary.KeepAlive)
                {
                    _acks.Add(new SubscriptionAcknowledgement { SubscriptionId = summary.SubscriptionId, SequenceNumber = summary.SequenceNumber });
                }

                changes += summary.DataChanges;
                await SendAsync(ct);
            }

            return changes;
        }

        /// <summary>CloseSession while Publish requests are outstanding: their answers come first and are skipped.</summary>
        public async Task CloseSessionAsync(CancellationToken ct)
        {
            var id = channel.NextRequestId();
            await channel.SendEncodedAsync(UaTcpClient.EncodeBody(new CloseSessionRequest { RequestHeader = session.Header(), DeleteSubscriptions = true }), id, ct);
            while (true)
            {
                var (requestId, body) = await channel.ReceiveAsync(ct);
                if (requestId == id)
                {
                    UaTcpClient.DecodeResponse<CloseSessionResponse>(body);
                    return;
                }
            }
        }
    }
}
