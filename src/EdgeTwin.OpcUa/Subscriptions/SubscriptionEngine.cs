using EdgeTwin.OpcUa.AddressSpace;
using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Server;
using EdgeTwin.OpcUa.Services;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.OpcUa.Subscriptions;

/// <summary>
/// Subscription (OPC 10000-4 §5.13) and MonitoredItem (§5.12) service sets. One lock guards all subscription
/// state; timers (one per subscription for publishing, one per sampling interval for sampling) take it
/// briefly, and responses are sent after it is released.
/// </summary>
internal sealed partial class SubscriptionEngine : ISubscriptionService, IDisposable
{
    private readonly ServerCore _server;
    private readonly Lock _gate = new();
    private readonly Dictionary<Session, SessionSubscriptions> _sessions = [];
    private readonly Dictionary<uint, Subscription> _subscriptions = [];
    private readonly Dictionary<int, SamplingGroup> _groups = [];
    private readonly TimerCallback _publishTick;
    private readonly TimerCallback _sampleTick;
    private uint _nextSubscriptionId;
    private uint _nextItemId;

    public SubscriptionEngine(ServerCore server)
    {
        _server = server;
        _publishTick = state => OnPublishingTimer((Subscription)state!);
        _sampleTick = state => OnSamplingTimer((SamplingGroup)state!);
        server.Sessions.Closed += OnSessionClosed;
    }

    /// <summary>Live subscriptions across all sessions (diagnostics).</summary>
    public int SubscriptionCount
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    private OpcUaServerOptions Options => _server.Options;

    private DateTime Now => _server.Time.GetUtcNow().UtcDateTime;

    public IEncodeable? Dispatch(RequestContext ctx, IEncodeable request) => request switch
    {
        CreateSubscriptionRequest r => CreateSubscription(ctx, r),
        ModifySubscriptionRequest r => ModifySubscription(ctx, r),
        SetPublishingModeRequest r => SetPublishingMode(ctx, r),
        DeleteSubscriptionsRequest r => DeleteSubscriptions(ctx, r),
        RepublishRequest r => Republish(ctx, r),
        CreateMonitoredItemsRequest r => CreateMonitoredItems(ctx, r),
        ModifyMonitoredItemsRequest r => ModifyMonitoredItems(ctx, r),
        DeleteMonitoredItemsRequest r => DeleteMonitoredItems(ctx, r),
        SetMonitoringModeRequest r => SetMonitoringMode(ctx, r),
        SetTriggeringRequest r => SetTriggering(ctx, r),
        _ => null,
    };

    /// <summary>Queues a Publish request (§5.13.5); answers it at once if a subscription is late.</summary>
    public IEncodeable? Publish(RequestContext ctx, PublishRequest request, ServerConnection connection, uint requestId)
    {
        var session = ctx.RequireSession;
        var sends = new List<OutgoingResponse>();
        lock (_gate)
        {
            if (!_sessions.TryGetValue(session, out var state) || state.Subscriptions.Count == 0)
            {
                throw new StatusException(StatusCodes.BadNoSubscription);
            }

            var acks = request.SubscriptionAcknowledgements ?? [];
            var results = new StatusCode[acks.Length];
            for (var i = 0; i < acks.Length; i++)
            {
                var ack = acks[i];
                results[i] = ack is not null && _subscriptions.TryGetValue(ack.SubscriptionId, out var s) && s.Session == session
                    ? s.Acknowledge(ack.SequenceNumber)
                    : StatusCodes.BadSubscriptionIdInvalid;
            }

            if (state.Requests.Count >= Options.MaxPublishRequestsPerSession)
            {
                var oldest = state.Requests.Dequeue();
                sends.Add(new OutgoingResponse(oldest.Connection, oldest.RequestId, ServiceDispatcher.Fault(_server, oldest.Header, StatusCodes.BadTooManyPublishRequests)));
            }

            state.Requests.Enqueue(new PendingPublish(connection, requestId, ctx.Header, results, Now));
            foreach (var s in state.Subscriptions)
            {
                s.LifetimeCounter = 0;
            }

            foreach (var late in state.Subscriptions.Where(s => s.Late).OrderByDescending(s => s.Priority).ToList())
            {
                var pending = TakeRequest(state, sends);
                if (pending is null)
                {
                    break;
                }

                sends.Add(late.PublishLate(pending, Now, Options.MaxNotificationsPerPublish));
            }
        }

        Send(sends);
        return null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var s in _subscriptions.Values)
            {
                s.Dispose();
            }

            foreach (var g in _groups.Values)
            {
                g.Dispose();
            }

            _subscriptions.Clear();
            _groups.Clear();
        }
    }

    private CreateSubscriptionResponse CreateSubscription(RequestContext ctx, CreateSubscriptionRequest r)
    {
        var session = ctx.RequireSession;
        lock (_gate)
        {
            if (!_sessions.TryGetValue(session, out var state))
            {
                state = new SessionSubscriptions();
                _sessions[session] = state;
            }

            if (state.Subscriptions.Count >= Options.MaxSubscriptionsPerSession)
            {
                throw new StatusException(StatusCodes.BadTooManySubscriptions);
            }

            var s = new Subscription(++_nextSubscriptionId, session, state) { PublishingEnabled = r.PublishingEnabled, Priority = r.Priority, MaxNotificationsPerPublish = r.MaxNotificationsPerPublish };
            Revise(s, r.RequestedMaxKeepAliveCount, r.RequestedLifetimeCount);
            s.Start(RevisePublishingInterval(r.RequestedPublishingInterval), _publishTick);
            state.Subscriptions.Add(s);
            _subscriptions[s.Id] = s;
            return new CreateSubscriptionResponse
            {
                ResponseHeader = ctx.Response(),
                SubscriptionId = s.Id,
                RevisedPublishingInterval = s.PublishingInterval,
                RevisedLifetimeCount = s.LifetimeCount,
                RevisedMaxKeepAliveCount = s.MaxKeepAliveCount,
            };
        }
    }

    private ModifySubscriptionResponse ModifySubscription(RequestContext ctx, ModifySubscriptionRequest r)
    {
        lock (_gate)
        {
            var s = Find(ctx, r.SubscriptionId);
            s.Priority = r.Priority;
            s.MaxNotificationsPerPublish = r.MaxNotificationsPerPublish;
            Revise(s, r.RequestedMaxKeepAliveCount, r.RequestedLifetimeCount);
            var interval = RevisePublishingInterval(r.RequestedPublishingInterval);
            if (interval != s.PublishingInterval)
            {
                s.Start(interval, _publishTick);
            }

            return new ModifySubscriptionResponse
            {
                ResponseHeader = ctx.Response(),
                RevisedPublishingInterval = s.PublishingInterval,
                RevisedLifetimeCount = s.LifetimeCount,
                RevisedMaxKeepAliveCount = s.MaxKeepAliveCount,
            };
        }
    }

    private SetPublishingModeResponse SetPublishingMode(RequestContext ctx, SetPublishingModeRequest r)
    {
        RequestContext.CheckCount(r.SubscriptionIds, 0);
        lock (_gate)
        {
            var results = r.SubscriptionIds!.Select(id =>
            {
                if (!TryFind(ctx, id, out var s))
                {
                    return (StatusCode)StatusCodes.BadSubscriptionIdInvalid;
                }

                s.PublishingEnabled = r.PublishingEnabled;
                return StatusCode.Good;
            }).ToArray();
            return new SetPublishingModeResponse { ResponseHeader = ctx.Response(), Results = results, DiagnosticInfos = [] };
        }
    }

    private DeleteSubscriptionsResponse DeleteSubscriptions(RequestContext ctx, DeleteSubscriptionsRequest r)
    {
        RequestContext.CheckCount(r.SubscriptionIds, 0);
        var sends = new List<OutgoingResponse>();
        DeleteSubscriptionsResponse response;
        lock (_gate)
        {
            var results = r.SubscriptionIds!.Select(id =>
            {
                if (!TryFind(ctx, id, out var s))
                {
                    return (StatusCode)StatusCodes.BadSubscriptionIdInvalid;
                }

                Remove(s);
                return StatusCode.Good;
            }).ToArray();

            // §5.13.5: queued Publish requests of a session without subscriptions get Bad_NoSubscription.
            if (_sessions.TryGetValue(ctx.RequireSession, out var state) && state.Subscriptions.Count == 0)
            {
                while (state.Requests.TryDequeue(out var pending))
                {
                    sends.Add(new OutgoingResponse(pending.Connection, pending.RequestId, ServiceDispatcher.Fault(_server, pending.Header, StatusCodes.BadNoSubscription)));
                }
            }

            response = new DeleteSubscriptionsResponse { ResponseHeader = ctx.Response(), Results = results, DiagnosticInfos = [] };
        }

        Send(sends);
        return response;
    }

    private RepublishResponse Republish(RequestContext ctx, RepublishRequest r)
    {
        lock (_gate)
        {
            var message = Find(ctx, r.SubscriptionId).Find(r.RetransmitSequenceNumber) ?? throw new StatusException(StatusCodes.BadMessageNotAvailable);
            return new RepublishResponse { ResponseHeader = ctx.Response(), NotificationMessage = message };
        }
    }

    private void OnPublishingTimer(Subscription s)
    {
        var sends = new List<OutgoingResponse>();
        lock (_gate)
        {
            if (!_subscriptions.ContainsKey(s.Id))
            {
                return;
            }

            if (!s.Cycle(Now, () => TakeRequest(s.Owner, sends), sends, Options.MaxNotificationsPerPublish))
            {
                _server.Logger.LogInformation("Subscription {Id} expired after {Count} cycles without Publish", s.Id, s.LifetimeCount);
                Remove(s);
            }
        }

        Send(sends);
    }

    /// <summary>The oldest queued Publish request still within its TimeoutHint; expired ones get Bad_Timeout.</summary>
    private PendingPublish? TakeRequest(SessionSubscriptions state, List<OutgoingResponse> sends)
    {
        while (state.Requests.Count > 0)
        {
            var request = state.Requests.Dequeue();
            if (request.Connection.IsClosed)
            {
                continue;
            }

            var hint = request.Header.TimeoutHint;
            if (hint == 0 || (Now - request.ReceivedAt).TotalMilliseconds < hint)
            {
                return request;
            }

            sends.Add(new OutgoingResponse(request.Connection, request.RequestId, ServiceDispatcher.Fault(_server, request.Header, StatusCodes.BadTimeout)));
        }

        return null;
    }

    private void OnSessionClosed(Session session)
    {
        var sends = new List<OutgoingResponse>();
        lock (_gate)
        {
            if (!_sessions.Remove(session, out var state))
            {
                return;
            }

            foreach (var s in state.Subscriptions.ToList())
            {
                Remove(s);
            }

            while (state.Requests.TryDequeue(out var pending))
            {
                sends.Add(new OutgoingResponse(pending.Connection, pending.RequestId, ServiceDispatcher.Fault(_server, pending.Header, StatusCodes.BadSessionClosed)));
            }
        }

        Send(sends);
    }

    private void Remove(Subscription s)
    {
        s.Dispose();
        _subscriptions.Remove(s.Id);
        s.Owner.Subscriptions.Remove(s);
        foreach (var item in s.Items.Values)
        {
            Unschedule(item);
        }

        s.Items.Clear();
    }

    private void Revise(Subscription s, uint keepAlive, uint lifetime)
    {
        s.MaxKeepAliveCount = Math.Clamp(keepAlive, 1u, Options.MaxKeepAliveCount);

        // §5.13.2.2: the lifetime is at least three keep-alive periods.
        s.LifetimeCount = Math.Clamp(Math.Max(lifetime, 3 * s.MaxKeepAliveCount), 3u, Options.MaxLifetimeCount);
    }

    private double RevisePublishingInterval(double requested) =>
        double.IsNaN(requested) || requested < Options.MinPublishingIntervalMs ? Options.MinPublishingIntervalMs : Math.Min(requested, 3_600_000);

    private Subscription Find(RequestContext ctx, uint id) =>
        TryFind(ctx, id, out var s) ? s : throw new StatusException(StatusCodes.BadSubscriptionIdInvalid);

    private bool TryFind(RequestContext ctx, uint id, out Subscription subscription) =>
        _subscriptions.TryGetValue(id, out subscription!) && subscription.Session == ctx.RequireSession;

    private void Send(List<OutgoingResponse> sends)
    {
        foreach (var s in sends)
        {
            _ = SendOneAsync(s);
        }
    }

    private async Task SendOneAsync(OutgoingResponse s)
    {
        try
        {
            await s.Connection.SendResponseAsync(s.RequestId, s.Response, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Top of a send: the connection may be gone; the subscription keeps its queue for the next request.
            _server.Logger.LogDebug("Publish response not sent: {Message}", ex.Message);
        }
        finally
        {
            s.Body?.Release();
        }
    }
}
