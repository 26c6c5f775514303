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

    private readonly LinkedList<Retained> _retransmission = new();
    private Timer? _timer;
    private uint _keepAliveCounter;
    private uint _nextSequence = 1;
    private int _lastBodyLength;
    private bool _drainedAll;

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

    /// <summary>Notification messages lost because a value in them could not be encoded (beyond the encoding limits).</summary>
    public long DroppedMessages { get; private set; }

    public StatusCode Acknowledge(uint sequenceNumber)
    {
        for (var node = _retransmission.First; node is not null; node = node.Next)
        {
            if (node.Value.Message.SequenceNumber == sequenceNumber)
            {
                _retransmission.Remove(node);
                node.Value.Body.Release();
                return StatusCode.Good;
            }
        }

        return StatusCodes.BadSequenceNumberUnknown;
    }

    /// <summary>
    /// A retained message for Republish, as a copy that owns its bytes: the response is encoded after the engine
    /// lock is released, when an acknowledgement may already have returned the retained buffer to the pool.
    /// </summary>
    public NotificationMessage? Find(uint sequenceNumber)
    {
        foreach (var retained in _retransmission)
        {
            if (retained.Message.SequenceNumber == sequenceNumber)
            {
                return new NotificationMessage
                {
                    SequenceNumber = sequenceNumber,
                    PublishTime = retained.Message.PublishTime,
                    NotificationData = [retained.Body.ToExtensionObject()],
                };
            }
        }

        return null;
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _timer = null;
        foreach (var retained in _retransmission)
        {
            retained.Body.Release();
        }

        _retransmission.Clear();
    }

    private OutgoingResponse Respond(PendingPublish request, DateTime now, bool notify, int serverMaxNotifications)
    {
        Late = false;
        LifetimeCounter = 0;
        _keepAliveCounter = 0;
        _drainedAll = false;
        var body = notify ? EncodeNotifications(serverMaxNotifications) : null;
        NotificationMessage message;
        if (body is not null)
        {
            message = new NotificationMessage { SequenceNumber = _nextSequence, PublishTime = now, NotificationData = [new ExtensionObject(body)] };

            // §7.25: sequence numbers start at 1, wrap to 1, and are consumed only by messages with data.
            _nextSequence = _nextSequence == uint.MaxValue ? 1 : _nextSequence + 1;
            _retransmission.AddLast(new Retained(message, body));
            if (_retransmission.Count > MaxRetransmissionQueue)
            {
                _retransmission.First!.Value.Body.Release();
                _retransmission.RemoveFirst();
            }
        }
        else
        {
            message = new NotificationMessage { SequenceNumber = _nextSequence, PublishTime = now, NotificationData = [] };
        }

        var available = new uint[_retransmission.Count];
        var i = 0;
        foreach (var retained in _retransmission)
        {
            available[i++] = retained.Message.SequenceNumber;
        }

        var response = new PublishResponse
        {
            ResponseHeader = new ResponseHeader { Timestamp = now, RequestHandle = request.Header.RequestHandle },
            SubscriptionId = Id,
            AvailableSequenceNumbers = available,
            // A drain that emptied every reporting item answers this without another scan of (up to thousands of) items.
            MoreNotifications = notify && !_drainedAll && HasNotifications,
            NotificationMessage = message,
            Results = request.AckResults,
            DiagnosticInfos = [],
        };
        return new OutgoingResponse(request.Connection, request.RequestId, response, body?.Retain());
    }

    private EncodedDataChange? EncodeNotifications(int serverMaxNotifications)
    {
        var max = MaxNotificationsPerPublish == 0 ? serverMaxNotifications : (int)Math.Min(MaxNotificationsPerPublish, (uint)serverMaxNotifications);
        try
        {
            // Sized from the last body, so a steady load rents the right buffer at once instead of growing into it.
            var body = EncodedDataChange.Drain(Items.Values, max, _lastBodyLength + 256, out var count, out _drainedAll);
            _lastBodyLength = body.Length;
            if (count > 0)
            {
                return body;
            }

            body.Release();
            return null;
        }
        catch (StatusException)
        {
            // A value beyond the encoding limits (the application set it; a Read of it fails the same way). The
            // values drained into this message so far are lost with it; items not reached yet report next cycle.
            DroppedMessages++;
            return null;
        }
    }

    /// <summary>A sent message kept for Republish until acknowledged, with its encoded body (one reference).</summary>
    private readonly record struct Retained(NotificationMessage Message, EncodedDataChange Body);
}
