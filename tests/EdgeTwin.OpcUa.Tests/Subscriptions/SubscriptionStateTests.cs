using EdgeTwin.OpcUa.AddressSpace;
using EdgeTwin.OpcUa.Server;
using EdgeTwin.OpcUa.Subscriptions;

namespace EdgeTwin.OpcUa.Tests.Subscriptions;

/// <summary>The publishing state machine and the monitored-item queue, driven cycle by cycle.</summary>
public class SubscriptionStateTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static (Subscription Subscription, Queue<PendingPublish> Requests) Create(uint keepAlive = 3, uint lifetime = 9)
    {
        var session = new Session(new NodeId(1u, 1), new NodeId(2u, 1), "s", 1, 60000, [], 0) { Activated = true };
        var s = new Subscription(1, session, new SessionSubscriptions()) { MaxKeepAliveCount = keepAlive, LifetimeCount = lifetime, PublishingEnabled = true };
        return (s, new Queue<PendingPublish>());
    }

    private static PendingPublish Request(uint handle) => new(null!, handle, new RequestHeader { RequestHandle = handle }, [], Now);

    private static MonitoredItem Item(Subscription s, uint queueSize, bool discardOldest)
    {
        var item = new MonitoredItem(7, s, new ReadValueId(), TimestampsToReturn.Both, new ObjectNode(new NodeId(9u, 1), new QualifiedName(1, "o"), new LocalizedText(null, "o"))) { Mode = MonitoringMode.Reporting, DiscardOldest = discardOldest, ClientHandle = 70 };
        item.SetQueueSize(queueSize);
        s.Items[item.Id] = item;
        return item;
    }

    /// <summary>The message's DataChangeNotification as a client sees it: encoded by the server, decoded here.</summary>
    private static DataChangeNotification DataChange(NotificationMessage message)
    {
        using var buffer = new PooledBuffer(1024);
        var e = new BinaryEncoder(buffer, EncodingLimits.Default);
        e.WriteExtensionObject(Assert.Single(message.NotificationData!));
        e.Flush();
        var d = new BinaryDecoder(buffer.WrittenSpan, EncodingLimits.Default);
        return Assert.IsType<DataChangeNotification>(d.ReadExtensionObject()!.Body);
    }

    private static List<OutgoingResponse> Cycle(Subscription s, Queue<PendingPublish> requests, out bool alive)
    {
        var sends = new List<OutgoingResponse>();
        alive = s.Cycle(Now, () => requests.TryDequeue(out var r) ? r : null, sends, 1000);
        return sends;
    }

    [Fact]
    public void Keep_alive_goes_out_every_max_keep_alive_count_cycles_without_consuming_a_sequence_number()
    {
        var (s, requests) = Create(keepAlive: 3);
        s.Start(1_000_000, _ => { });
        for (var i = 0; i < 10; i++)
        {
            requests.Enqueue(Request((uint)i));
        }

        // The first cycle answers at once (§5.13.1.2), then every third empty cycle.
        var sentAt = new List<int>();
        for (var cycle = 0; cycle < 7; cycle++)
        {
            var sends = Cycle(s, requests, out _);
            if (sends.Count > 0)
            {
                sentAt.Add(cycle);
                var message = ((PublishResponse)sends[0].Response).NotificationMessage!;
                Assert.Empty(message.NotificationData!);
                Assert.Equal(1u, message.SequenceNumber);
            }
        }

        Assert.Equal([0, 3, 6], sentAt);
        s.Dispose();
    }

    [Fact]
    public void Notifications_consume_sequence_numbers_and_stay_available_for_republish_until_acknowledged()
    {
        var (s, requests) = Create();
        var item = Item(s, 5, true);
        item.Enqueue(new DataValue(new Variant(1.0)));
        requests.Enqueue(Request(1));
        var first = (PublishResponse)Cycle(s, requests, out _)[0].Response;
        var data = DataChange(first.NotificationMessage!);
        Assert.Equal(70u, data.MonitoredItems![0].ClientHandle);
        Assert.Equal(1u, first.NotificationMessage!.SequenceNumber);

        item.Enqueue(new DataValue(new Variant(2.0)));
        requests.Enqueue(Request(2));
        var second = (PublishResponse)Cycle(s, requests, out _)[0].Response;
        Assert.Equal(2u, second.NotificationMessage!.SequenceNumber);
        Assert.Equal([1u, 2u], second.AvailableSequenceNumbers!);

        var republished = s.Find(1);
        Assert.NotNull(republished);
        Assert.Equal(StatusCode.Good, s.Acknowledge(1));
        Assert.Null(s.Find(1));
        Assert.Equal(StatusCodes.BadSequenceNumberUnknown, s.Acknowledge(1).Code);
    }

    [Fact]
    public void Encoded_notifications_outlive_acknowledgement_while_a_response_or_a_republish_still_holds_them()
    {
        var (s, requests) = Create();
        var item = Item(s, 5, true);
        item.Enqueue(new DataValue(new Variant(1.0)));
        requests.Enqueue(Request(1));
        var sent = Cycle(s, requests, out _)[0];
        var republished = s.Find(1)!;

        // The client acknowledges at once (its next Publish may overtake our send) and more messages are built,
        // renting buffers from the pool: the unsent response and the republish copy must still read 1.0.
        Assert.Equal(StatusCode.Good, s.Acknowledge(1));
        for (var v = 2; v < 20; v++)
        {
            item.Enqueue(new DataValue(new Variant((double)v)));
            requests.Enqueue(Request((uint)v));
            var later = Cycle(s, requests, out _)[0];
            later.Body!.Release();
            Assert.Equal(StatusCode.Good, s.Acknowledge((uint)v));
        }

        Assert.Equal(1.0, DataChange(((PublishResponse)sent.Response).NotificationMessage!).MonitoredItems![0].Value.Value.AsDouble);
        Assert.Equal(1.0, DataChange(republished).MonitoredItems![0].Value.Value.AsDouble);
        sent.Body!.Release();
        Assert.Throws<ObjectDisposedException>(() => sent.Body.EncodedBody.Length);
    }

    [Fact]
    public void More_notifications_is_set_exactly_while_a_limit_left_values_queued()
    {
        var (s, requests) = Create();
        s.MaxNotificationsPerPublish = 4;
        var item = Item(s, 10, true);
        for (var v = 0; v < 10; v++)
        {
            item.Enqueue(new DataValue(new Variant((double)v)));
        }

        // 10 queued, 4 per message: 4 + more, 4 + more, 2 and no more; an item in sampling mode never counts.
        var idle = new MonitoredItem(8, s, new ReadValueId(), TimestampsToReturn.Both, new ObjectNode(new NodeId(10u, 1), new QualifiedName(1, "p"), new LocalizedText(null, "p"))) { Mode = MonitoringMode.Sampling, ClientHandle = 80 };
        idle.SetQueueSize(5);
        idle.Enqueue(new DataValue(new Variant(-1.0)));
        s.Items[idle.Id] = idle;

        var seen = new List<(int Count, bool More)>();
        for (var i = 0; i < 3; i++)
        {
            requests.Enqueue(Request((uint)i));
            var response = (PublishResponse)Cycle(s, requests, out _)[0].Response;
            seen.Add((DataChange(response.NotificationMessage!).MonitoredItems!.Length, response.MoreNotifications));
        }

        Assert.Equal([(4, true), (4, true), (2, false)], seen);
        Assert.Equal(1, idle.QueuedCount);
        s.Dispose();
    }

    [Fact]
    public void Without_publish_requests_the_subscription_is_late_and_expires_after_its_lifetime()
    {
        var (s, requests) = Create(keepAlive: 1, lifetime: 3);
        var alive = true;
        var cycles = 0;
        while (alive && cycles < 10)
        {
            Cycle(s, requests, out alive);
            cycles++;
        }

        Assert.False(alive);
        Assert.Equal(3, cycles);
        Assert.True(s.Late);
    }

    [Fact]
    public void A_late_subscription_answers_the_next_publish_request_at_once()
    {
        var (s, requests) = Create(keepAlive: 1, lifetime: 10);
        var item = Item(s, 1, true);
        item.Enqueue(new DataValue(new Variant(3.0)));
        Cycle(s, requests, out _);
        Assert.True(s.Late);
        var response = (PublishResponse)s.PublishLate(Request(9), Now, 1000).Response;
        Assert.Single(DataChange(response.NotificationMessage!).MonitoredItems!);
        Assert.False(s.Late);
    }

    [Theory]
    [InlineData(true, new[] { 3.0, 4.0, 5.0 }, 0)]
    [InlineData(false, new[] { 1.0, 2.0, 5.0 }, 2)]
    public void A_full_queue_discards_oldest_or_newest_and_marks_the_overflow(bool discardOldest, double[] expected, int overflowIndex)
    {
        var (s, _) = Create();
        var item = Item(s, 3, discardOldest);
        for (var v = 1; v <= 5; v++)
        {
            item.Enqueue(new DataValue(new Variant((double)v)));
        }

        var (_, requests) = (s, new Queue<PendingPublish>([Request(1)]));
        var list = DataChange(((PublishResponse)Cycle(s, requests, out _)[0].Response).NotificationMessage!).MonitoredItems!;
        Assert.Equal(expected, list.Select(n => n.Value.Value.AsDouble).ToArray());
        for (var i = 0; i < list.Length; i++)
        {
            Assert.Equal(i == overflowIndex, (list[i].Value.Status.Code & 0x80) != 0);
        }
    }
}
