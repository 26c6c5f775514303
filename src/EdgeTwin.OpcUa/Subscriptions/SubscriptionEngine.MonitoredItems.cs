using EdgeTwin.OpcUa.AddressSpace;
using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Services;

namespace EdgeTwin.OpcUa.Subscriptions;

/// <summary>The MonitoredItem service set (OPC 10000-4 §5.12) and sampling.</summary>
internal sealed partial class SubscriptionEngine
{
    private CreateMonitoredItemsResponse CreateMonitoredItems(RequestContext ctx, CreateMonitoredItemsRequest r)
    {
        RequestContext.CheckCount(r.ItemsToCreate, Options.Operations.MaxMonitoredItemsPerCall);
        if (r.TimestampsToReturn is < TimestampsToReturn.Source or > TimestampsToReturn.Neither)
        {
            throw new StatusException(StatusCodes.BadTimestampsToReturnInvalid);
        }

        lock (_gate)
        {
            var s = Find(ctx, r.SubscriptionId);
            var results = new MonitoredItemCreateResult[r.ItemsToCreate!.Length];
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = CreateOne(s, r.ItemsToCreate[i] ?? new MonitoredItemCreateRequest(), r.TimestampsToReturn);
            }

            return new CreateMonitoredItemsResponse { ResponseHeader = ctx.Response(), Results = results, DiagnosticInfos = [] };
        }
    }

    private MonitoredItemCreateResult CreateOne(Subscription s, MonitoredItemCreateRequest request, TimestampsToReturn timestamps)
    {
        var item = request.ItemToMonitor ?? new ReadValueId();
        if (!_server.Nodes.TryGet(item.NodeId, out var node))
        {
            return new MonitoredItemCreateResult { StatusCode = StatusCodes.BadNodeIdUnknown };
        }

        if (item.AttributeId != AttributeIds.Value && AttributeService.ReadAttribute(node, item.AttributeId, s.Session.Identity, out _).IsBad)
        {
            return new MonitoredItemCreateResult { StatusCode = StatusCodes.BadAttributeIdInvalid };
        }

        if (item.AttributeId == AttributeIds.Value && node is not VariableNode)
        {
            return new MonitoredItemCreateResult { StatusCode = StatusCodes.BadAttributeIdInvalid };
        }

        if (request.MonitoringMode is < MonitoringMode.Disabled or > MonitoringMode.Reporting)
        {
            return new MonitoredItemCreateResult { StatusCode = StatusCodes.BadMonitoringModeInvalid };
        }

        if (s.Items.Count >= Options.MaxMonitoredItemsPerSubscription)
        {
            return new MonitoredItemCreateResult { StatusCode = StatusCodes.BadTooManyMonitoredItems };
        }

        var monitored = new MonitoredItem(++_nextItemId, s, item, timestamps, node) { Mode = request.MonitoringMode };
        var status = Apply(monitored, node, request.RequestedParameters ?? new MonitoringParameters());
        if (status.IsBad)
        {
            return new MonitoredItemCreateResult { StatusCode = status };
        }

        s.Items[monitored.Id] = monitored;
        Schedule(monitored);

        // §5.12.1.2: the first sample is queued at once, not one interval later.
        monitored.Sample(_server, s.Session.Identity, Now);
        return new MonitoredItemCreateResult
        {
            StatusCode = StatusCode.Good,
            MonitoredItemId = monitored.Id,
            RevisedSamplingInterval = monitored.SamplingInterval,
            RevisedQueueSize = monitored.QueueSize,
        };
    }

    private ModifyMonitoredItemsResponse ModifyMonitoredItems(RequestContext ctx, ModifyMonitoredItemsRequest r)
    {
        RequestContext.CheckCount(r.ItemsToModify, Options.Operations.MaxMonitoredItemsPerCall);
        lock (_gate)
        {
            var s = Find(ctx, r.SubscriptionId);
            var results = r.ItemsToModify!.Select(m =>
            {
                if (m is null || !s.Items.TryGetValue(m.MonitoredItemId, out var item))
                {
                    return new MonitoredItemModifyResult { StatusCode = StatusCodes.BadMonitoredItemIdInvalid };
                }

                Unschedule(item);
                var status = Apply(item, _server.Nodes.Find(item.Item.NodeId)!, m.RequestedParameters ?? new MonitoringParameters());
                Schedule(item);
                return new MonitoredItemModifyResult { StatusCode = status, RevisedSamplingInterval = item.SamplingInterval, RevisedQueueSize = item.QueueSize };
            }).ToArray();
            return new ModifyMonitoredItemsResponse { ResponseHeader = ctx.Response(), Results = results, DiagnosticInfos = [] };
        }
    }

    private DeleteMonitoredItemsResponse DeleteMonitoredItems(RequestContext ctx, DeleteMonitoredItemsRequest r)
    {
        RequestContext.CheckCount(r.MonitoredItemIds, Options.Operations.MaxMonitoredItemsPerCall);
        lock (_gate)
        {
            var s = Find(ctx, r.SubscriptionId);
            var results = r.MonitoredItemIds!.Select(id =>
            {
                if (!s.Items.Remove(id, out var item))
                {
                    return (StatusCode)StatusCodes.BadMonitoredItemIdInvalid;
                }

                Unschedule(item);
                item.UnlinkAll();

                return StatusCode.Good;
            }).ToArray();
            return new DeleteMonitoredItemsResponse { ResponseHeader = ctx.Response(), Results = results, DiagnosticInfos = [] };
        }
    }

    private SetMonitoringModeResponse SetMonitoringMode(RequestContext ctx, SetMonitoringModeRequest r)
    {
        RequestContext.CheckCount(r.MonitoredItemIds, Options.Operations.MaxMonitoredItemsPerCall);
        if (r.MonitoringMode is < MonitoringMode.Disabled or > MonitoringMode.Reporting)
        {
            throw new StatusException(StatusCodes.BadMonitoringModeInvalid);
        }

        lock (_gate)
        {
            var s = Find(ctx, r.SubscriptionId);
            var results = r.MonitoredItemIds!.Select(id =>
            {
                if (!s.Items.TryGetValue(id, out var item))
                {
                    return (StatusCode)StatusCodes.BadMonitoredItemIdInvalid;
                }

                if (item.Mode == MonitoringMode.Disabled && r.MonitoringMode != MonitoringMode.Disabled)
                {
                    item.ResetLast();
                }

                item.Mode = r.MonitoringMode;
                return StatusCode.Good;
            }).ToArray();
            return new SetMonitoringModeResponse { ResponseHeader = ctx.Response(), Results = results, DiagnosticInfos = [] };
        }
    }

    private SetTriggeringResponse SetTriggering(RequestContext ctx, SetTriggeringRequest r)
    {
        if ((r.LinksToAdd?.Length ?? 0) + (r.LinksToRemove?.Length ?? 0) == 0)
        {
            throw new StatusException(StatusCodes.BadNothingToDo);
        }

        lock (_gate)
        {
            var s = Find(ctx, r.SubscriptionId);
            if (!s.Items.TryGetValue(r.TriggeringItemId, out var trigger))
            {
                throw new StatusException(StatusCodes.BadMonitoredItemIdInvalid);
            }

            var add = (r.LinksToAdd ?? []).Select(id =>
            {
                if (!s.Items.TryGetValue(id, out var linked))
                {
                    return (StatusCode)StatusCodes.BadMonitoredItemIdInvalid;
                }

                trigger.Link(linked);
                return StatusCode.Good;
            }).ToArray();
            var remove = (r.LinksToRemove ?? []).Select(id =>
                s.Items.TryGetValue(id, out var linked) && trigger.Unlink(linked) ? StatusCode.Good : (StatusCode)StatusCodes.BadMonitoredItemIdInvalid).ToArray();
            return new SetTriggeringResponse { ResponseHeader = ctx.Response(), AddResults = add, AddDiagnosticInfos = [], RemoveResults = remove, RemoveDiagnosticInfos = [] };
        }
    }

    /// <summary>Revises interval and queue size and checks the filter (§5.12.1.4, §7.22.2).</summary>
    private StatusCode Apply(MonitoredItem item, Node node, MonitoringParameters p)
    {
        var interval = p.SamplingInterval < 0 || double.IsNaN(p.SamplingInterval) ? item.Subscription.PublishingInterval : p.SamplingInterval;
        if (node is VariableNode { MinimumSamplingInterval: > 0 } v)
        {
            interval = Math.Max(interval, v.MinimumSamplingInterval);
        }

        item.SamplingInterval = Math.Ceiling(Math.Max(interval, Options.MinSamplingIntervalMs));
        item.ClientHandle = p.ClientHandle;
        item.DiscardOldest = p.DiscardOldest;
        item.SetQueueSize(Math.Min(p.QueueSize, Options.MaxQueueSize));
        item.Filter = null;
        item.AbsoluteDeadband = 0;
        if (p.Filter is null || p.Filter.TypeId.IsNull)
        {
            return StatusCode.Good;
        }

        if (p.Filter.Body is not DataChangeFilter filter)
        {
            return StatusCodes.BadMonitoredItemFilterUnsupported;
        }

        if (item.Item.AttributeId != AttributeIds.Value)
        {
            return StatusCodes.BadFilterNotAllowed;
        }

        if (filter.Trigger is < DataChangeTrigger.Status or > DataChangeTrigger.StatusValueTimestamp || filter.DeadbandType > (uint)DeadbandType.Percent || filter.DeadbandValue < 0)
        {
            return StatusCodes.BadDeadbandFilterInvalid;
        }

        if (filter.DeadbandType != (uint)DeadbandType.None)
        {
            var variable = (VariableNode)node;
            var builtIn = DataTypeCheck.BuiltInTypeOf(_server.Nodes, variable.DataType);
            if (builtIn is < BuiltInType.SByte or > BuiltInType.Double)
            {
                return StatusCodes.BadFilterNotAllowed;
            }

            if (filter.DeadbandType == (uint)DeadbandType.Percent)
            {
                // OPC 10000-8 §6.2: percent of the EURange span; only AnalogItems have one.
                if (filter.DeadbandValue > 100 || EuRange(variable) is not { } range)
                {
                    return StatusCodes.BadDeadbandFilterInvalid;
                }

                item.AbsoluteDeadband = filter.DeadbandValue / 100 * Math.Abs(range.High - range.Low);
            }
            else
            {
                item.AbsoluteDeadband = filter.DeadbandValue;
            }
        }

        item.Filter = filter;
        return StatusCode.Good;
    }

    private Types.Range? EuRange(VariableNode variable)
    {
        foreach (var r in variable.References)
        {
            if (!r.IsInverse && r.ReferenceTypeId == ReferenceTypeIds.HasProperty && _server.Nodes.Find(r.TargetId) is VariableNode { BrowseName.Name: "EURange" } p)
            {
                return (p.GetValue().Value.Reference as ExtensionObject)?.Body as Types.Range;
            }
        }

        return null;
    }

    private void Schedule(MonitoredItem item)
    {
        var ms = (int)item.SamplingInterval;
        if (!_groups.TryGetValue(ms, out var group))
        {
            group = new SamplingGroup(ms, _sampleTick);
            _groups[ms] = group;
        }

        group.Add(item);
    }

    private void Unschedule(MonitoredItem item)
    {
        var group = item.Group;
        if (group is null)
        {
            return;
        }

        group.Remove(item);
        if (group.Items.Count == 0)
        {
            _groups.Remove(group.IntervalMs);
            group.Dispose();
        }
    }

    private void OnSamplingTimer(SamplingGroup group)
    {
        lock (_gate)
        {
            if (!_groups.ContainsKey(group.IntervalMs))
            {
                return;
            }

            var now = Now;
            var items = group.Items;
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                if (item.Sample(_server, item.Subscription.Session.Identity, now) && item.Triggered is { } triggered)
                {
                    foreach (var linked in triggered)
                    {
                        linked.ForceReport = linked.Mode == MonitoringMode.Sampling;
                    }
                }
            }
        }
    }
}
