using EdgeTwin.OpcUa.AddressSpace;
using EdgeTwin.OpcUa.Tests.Services;

namespace EdgeTwin.OpcUa.Tests.Subscriptions;

/// <summary>SetTriggering links (OPC 10000-4 §5.12.5) and what deleting linked items does to them.</summary>
public class TriggeringTests
{
    [Fact]
    public void Links_are_added_once_removed_once_and_die_with_either_item()
    {
        var h = new ServiceHarness().Open();
        var ids = Create(h, out var subscription, 3);
        var (trigger, a, b) = (ids[0], ids[1], ids[2]);

        var set = SetTriggering(h, subscription, trigger, add: [a, a, b, 999], remove: []);
        Assert.Equal([StatusCode.Good, StatusCode.Good, StatusCode.Good, (StatusCode)StatusCodes.BadMonitoredItemIdInvalid], set.AddResults!);

        // Removing a link twice: the second finds nothing (a repeated add kept one link, not two).
        Assert.Equal([StatusCode.Good], SetTriggering(h, subscription, trigger, add: [], remove: [a]).RemoveResults!);
        Assert.Equal([(StatusCode)StatusCodes.BadMonitoredItemIdInvalid], SetTriggering(h, subscription, trigger, add: [], remove: [a]).RemoveResults!);

        // Deleting the linked item removes its link; deleting the trigger makes it unknown.
        Delete(h, subscription, b);
        Assert.Equal([(StatusCode)StatusCodes.BadMonitoredItemIdInvalid], SetTriggering(h, subscription, trigger, add: [], remove: [b]).RemoveResults!);
        SetTriggering(h, subscription, trigger, add: [a], remove: []);
        Delete(h, subscription, trigger);
        Assert.Equal((StatusCode)StatusCodes.BadMonitoredItemIdInvalid, h.Fault(new SetTriggeringRequest { RequestHeader = new(), SubscriptionId = subscription, TriggeringItemId = trigger, LinksToAdd = [a], LinksToRemove = [] }));
    }

    [Fact]
    public void Ten_thousand_items_linked_to_one_trigger_delete_in_one_call()
    {
        var h = new ServiceHarness().Open();
        var ids = Create(h, out var subscription, 10_000);
        SetTriggering(h, subscription, ids[0], add: ids[1..], remove: []);
        var deleted = h.Call<DeleteMonitoredItemsResponse>(new DeleteMonitoredItemsRequest { RequestHeader = new(), SubscriptionId = subscription, MonitoredItemIds = ids });
        Assert.All(deleted.Results!, r => Assert.Equal(StatusCode.Good, r));
        Assert.Equal((StatusCode)StatusCodes.BadMonitoredItemIdInvalid, h.Fault(new SetTriggeringRequest { RequestHeader = new(), SubscriptionId = subscription, TriggeringItemId = ids[0], LinksToAdd = [ids[1]], LinksToRemove = [] }));
    }

    private static uint[] Create(ServiceHarness h, out uint subscription, int count)
    {
        var folder = h.Space.AddFolder(ServerAddressSpace.ObjectsFolder, "T");
        var nodes = Enumerable.Range(0, count).Select(i => h.Space.AddVariable(folder.NodeId, "v" + i, DataTypeIds.Double, new Variant((double)i)).NodeId).ToArray();
        subscription = h.Call<CreateSubscriptionResponse>(new CreateSubscriptionRequest { RequestHeader = new(), RequestedPublishingInterval = 60_000, RequestedLifetimeCount = 30, RequestedMaxKeepAliveCount = 10, PublishingEnabled = true }).SubscriptionId;
        var created = h.Call<CreateMonitoredItemsResponse>(new CreateMonitoredItemsRequest
        {
            RequestHeader = new(),
            SubscriptionId = subscription,
            TimestampsToReturn = TimestampsToReturn.Both,
            ItemsToCreate = [.. nodes.Select((n, i) => new MonitoredItemCreateRequest
            {
                ItemToMonitor = new ReadValueId { NodeId = n, AttributeId = AttributeIds.Value },
                MonitoringMode = i == 0 ? MonitoringMode.Reporting : MonitoringMode.Sampling,
                RequestedParameters = new MonitoringParameters { ClientHandle = (uint)i, SamplingInterval = 60_000, QueueSize = 1, DiscardOldest = true },
            })],
        });
        Assert.All(created.Results!, r => Assert.Equal(StatusCode.Good, r.StatusCode));
        return [.. created.Results!.Select(r => r.MonitoredItemId)];
    }

    private static SetTriggeringResponse SetTriggering(ServiceHarness h, uint subscription, uint trigger, uint[] add, uint[] remove) =>
        h.Call<SetTriggeringResponse>(new SetTriggeringRequest { RequestHeader = new(), SubscriptionId = subscription, TriggeringItemId = trigger, LinksToAdd = add, LinksToRemove = remove });

    private static void Delete(ServiceHarness h, uint subscription, uint item) =>
        Assert.Equal([StatusCode.Good], h.Call<DeleteMonitoredItemsResponse>(new DeleteMonitoredItemsRequest { RequestHeader = new(), SubscriptionId = subscription, MonitoredItemIds = [item] }).Results!);
}
