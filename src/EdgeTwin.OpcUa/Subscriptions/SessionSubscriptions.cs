namespace EdgeTwin.OpcUa.Subscriptions;

/// <summary>A session's subscriptions and its queue of Publish requests (shared by all its subscriptions).</summary>
internal sealed class SessionSubscriptions
{
    public List<Subscription> Subscriptions { get; } = [];
    public Queue<PendingPublish> Requests { get; } = new();
}
