using EdgeTwin.OpcUa.Encoding;

namespace EdgeTwin.OpcUa.Services;

/// <summary>The Subscription and MonitoredItem service sets, kept apart from the stateless services.</summary>
internal interface ISubscriptionService
{
    /// <summary>Handles a subscription or monitored-item request; null when the request is not one of them.</summary>
    IEncodeable? Dispatch(RequestContext ctx, IEncodeable request);
}
