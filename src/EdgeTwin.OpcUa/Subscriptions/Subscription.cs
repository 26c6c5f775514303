using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Server;

namespace EdgeTwin.OpcUa.Subscriptions;

/// <summary>
/// A subscription and its publishing state machine (OPC 10000-4 §5.13.1.2): each publishing cycle sends
/// queued notifications or, after MaxKeepAliveCount empty cycles, a keep-alive; a cycle that needs a
/// Publish request and finds none makes the subscription late and counts towards its lifetime.
/// All members are used under the engine's lock.
/// </summary>
internal sealed class Subscription : IDisposable
{
    private const int MaxRetransmissionQueue = 64;

    private readonly LinkedList<NotificationMessage> _retransmission = new();
    private Timer? _timer;
    private uint _keepAliveCounter;
    private uint _nextSequence = 1;

    public Subscription(uint id, Session session, SessionSubscriptions owner)
    {
        Id = id;
        Session = session;
        Owner = owner;
    }

    public uint Id { get; }
    public Session Session { get; }
    public SessionSubscriptions Owner { get; }
    public double PublishingInterval { get; private set; }
    public uint LifetimeCount { get; set; }
    public uint MaxKeepAliveCount { get; set; }
    public uint MaxNotificationsPerPublish { get; set; }
    public byte Priority { get; set; }
    public bool PublishingEnabled { get; set; }
    public bool Late { get; private set; }
    public uint LifetimeCounter { get; set; }
    public Dictionary<uint, MonitoredItem> Items { get; } = [];

    public bool HasNotifications
    {
        get
        {
            foreach (var item in Items.Values)
            {
                if (item.QueuedCount > 0 && (item.Mode == MonitoringMode.Reporting || item.ForceReport))
                {
                    return true;
                }
            }

            return false;
        }
    }

    public void Start(double intervalMs, TimerCallback tick)
    {
        PublishingInterval = intervalMs;
        _keepAliveCounter = MaxKeepAliveCount; // §5.13.1.2: the first cycle sends at once
        _timer?.Dispose();
        _timer = new Timer(tick, this, (int)intervalMs, (int)intervalMs);
    }

    /// <summary>One publishing cycle; returns false when the lifetime ran out and the subscription must go.</summary>
    public bool Cycle(DateTime now, Func<PendingPublish?> takeRequest, List<OutgoingResponse> sends, int serverMaxNotifications)
    {
        var notify = PublishingEnabled && HasNotifications;
        if (!notify && ++_keepAliveCounter < MaxKeepAliveCount)
        {
            return true;
        }

        var request = takeRequest();
        if (request is null)
        {
            Late = true;
            return ++LifetimeCounter < LifetimeCount;
        }

        sends.Add(Respond(request, now, notify, serverMaxNotifications));
        return true;
    }

    /// <summary>Answers a Publish request that arrived while this subscription was late.</summary>
    public OutgoingResponse PublishLate(PendingPublish request, DateTime now, int serverMaxNotifications) =>
        Respond(request, now, PublishingEnabled && HasNotifications, serverMaxNotifications);

    public StatusCode Acknowledge(uint sequenceNumber)
    {
        for (var node = _retransmission.First; node is not null; node = node.Next)
        {
            if (node.Value.SequenceNumber == sequenceNumber)
            {
                _retransmission.Remove(node);
                return StatusCode.Good;
            }
        }

        return StatusCodes.BadSequenceNumberUnknown;
    }

    public NotificationMessage? Find(uint sequenceNumber) => _retransmission.FirstOrDefault(m => m.SequenceNumber == sequenceNumber);

    public void Dispose()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private OutgoingResponse Respond(PendingPublish request, DateTime now, bool notify, int serverMaxNotifications)
    {
        Late = false;
        LifetimeCounter = 0;
        _keepAliveCounter = 0;
        NotificationMessage message;
        var more = false;
        if (notify)
        {
            var max = MaxNotificationsPerPublish == 0 ? serverMaxNotifications : (int)Math.Min(MaxNotificationsPerPublish, (uint)serverMaxNotifications);
            var list = new List<MonitoredItemNotification>();
            foreach (var item in Items.Values)
            {
                if (item.Mode == MonitoringMode.Reporting || item.ForceReport)
                {
                    item.DrainTo(list, max);
                    if (item.QueuedCount == 0)
                    {
                        item.ForceReport = false;
                    }
                }
            }

            more = HasNotifications;
            message = new NotificationMessage
            {
                SequenceNumber = _nextSequence,
                PublishTime = now,
                NotificationData = [new ExtensionObject(new DataChangeNotification { MonitoredItems = [.. list], DiagnosticInfos = [] })],
            };

            // §7.25: sequence numbers start at 1, wrap to 1, and are consumed only by messages with data.
            _nextSequence = _nextSequence == uint.MaxValue ? 1 : _nextSequence + 1;
            _retransmission.AddLast(message);
            if (_retransmission.Count > MaxRetransmissionQueue)
            {
                _retransmission.RemoveFirst();
            }
        }
        else
        {
            message = new NotificationMessage { SequenceNumber = _nextSequence, PublishTime = now, NotificationData = [] };
        }

        var response = new PublishResponse
        {
            ResponseHeader = new ResponseHeader { Timestamp = now, RequestHandle = request.Header.RequestHandle },
            SubscriptionId = Id,
            AvailableSequenceNumbers = [.. _retransmission.Select(m => m.SequenceNumber)],
            MoreNotifications = more,
            NotificationMessage = message,
            Results = request.AckResults,
            DiagnosticInfos = [],
        };
        return new OutgoingResponse(request.Connection, request.RequestId, response);
    }
}
