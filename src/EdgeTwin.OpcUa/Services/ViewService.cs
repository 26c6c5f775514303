using System.Security.Cryptography;
using EdgeTwin.OpcUa.AddressSpace;
using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Server;

namespace EdgeTwin.OpcUa.Services;

/// <summary>View service set (OPC 10000-4 §5.8): Browse, BrowseNext, TranslateBrowsePathsToNodeIds, Register/UnregisterNodes.</summary>
internal static class ViewService
{
    [Flags]
    private enum ResultMask : uint
    {
        ReferenceType = 1,
        IsForward = 2,
        NodeClass = 4,
        BrowseName = 8,
        DisplayName = 16,
        TypeDefinition = 32,
    }

    public static BrowseResponse Browse(RequestContext ctx, BrowseRequest request)
    {
        var session = ctx.RequireSession;
        RequestContext.CheckCount(request.NodesToBrowse, ctx.Server.Options.Operations.MaxNodesPerBrowse);
        if (request.View is { } view && !view.ViewId.IsNull)
        {
            throw new StatusException(StatusCodes.BadViewIdUnknown);
        }

        var max = request.RequestedMaxReferencesPerNode == 0 || request.RequestedMaxReferencesPerNode > ctx.Server.Options.Operations.MaxReferencesPerNode
            ? ctx.Server.Options.Operations.MaxReferencesPerNode
            : request.RequestedMaxReferencesPerNode;
        var results = new BrowseResult[request.NodesToBrowse!.Length];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = BrowseOne(ctx.Server, session, request.NodesToBrowse[i] ?? new BrowseDescription(), max);
        }

        return new BrowseResponse { ResponseHeader = ctx.Response(), Results = results, DiagnosticInfos = [] };
    }

    public static BrowseNextResponse BrowseNext(RequestContext ctx, BrowseNextRequest request)
    {
        var session = ctx.RequireSession;
        RequestContext.CheckCount(request.ContinuationPoints, ctx.Server.Options.Operations.MaxNodesPerBrowse);
        var results = new BrowseResult[request.ContinuationPoints!.Length];
        for (var i = 0; i < results.Length; i++)
        {
            var key = Convert.ToBase64String(request.ContinuationPoints[i] ?? []);
            if (!session.ContinuationPoints.TryRemove(key, out var cp))
            {
                results[i] = new BrowseResult { StatusCode = StatusCodes.BadContinuationPointInvalid, References = [] };
                continue;
            }

            results[i] = request.ReleaseContinuationPoints
                ? new BrowseResult { StatusCode = StatusCode.Good, References = [] }
                : Page(session, ctx.Server.Options, cp.Remaining, cp.MaxPerCall);
        }

        return new BrowseNextResponse { ResponseHeader = ctx.Response(), Results = results, DiagnosticInfos = [] };
    }

    public static TranslateBrowsePathsToNodeIdsResponse Translate(RequestContext ctx, TranslateBrowsePathsToNodeIdsRequest request)
    {
        ctx.RequireSession.ToString();
        RequestContext.CheckCount(request.BrowsePaths, ctx.Server.Options.Operations.MaxNodesPerTranslateBrowsePathsToNodeIds);
        var results = new BrowsePathResult[request.BrowsePaths!.Length];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = TranslateOne(ctx.Server.Nodes, request.BrowsePaths[i] ?? new BrowsePath());
        }

        return new TranslateBrowsePathsToNodeIdsResponse { ResponseHeader = ctx.Response(), Results = results, DiagnosticInfos = [] };
    }

    public static RegisterNodesResponse RegisterNodes(RequestContext ctx, RegisterNodesRequest request)
    {
        ctx.RequireSession.ToString();
        RequestContext.CheckCount(request.NodesToRegister, ctx.Server.Options.Operations.MaxNodesPerRegisterNodes);

        // Nodes are looked up by hash already; the registered id is the id itself (§5.8.5 allows this).
        return new RegisterNodesResponse { ResponseHeader = ctx.Response(), RegisteredNodeIds = request.NodesToRegister };
    }

    public static UnregisterNodesResponse UnregisterNodes(RequestContext ctx, UnregisterNodesRequest request)
    {
        ctx.RequireSession.ToString();
        RequestContext.CheckCount(request.NodesToUnregister, ctx.Server.Options.Operations.MaxNodesPerRegisterNodes);
        return new UnregisterNodesResponse { ResponseHeader = ctx.Response() };
    }

    private static BrowseResult BrowseOne(ServerCore server, Session session, BrowseDescription d, uint max)
    {
        var store = server.Nodes;
        if (d.BrowseDirection is < BrowseDirection.Forward or > BrowseDirection.Both)
        {
            return Fail(StatusCodes.BadBrowseDirectionInvalid);
        }

        if (!store.TryGet(d.NodeId, out var node))
        {
            return Fail(StatusCodes.BadNodeIdUnknown);
        }

        var filterType = d.ReferenceTypeId;
        if (!filterType.IsNull && store.Find(filterType) is not ReferenceTypeNode)
        {
            return Fail(StatusCodes.BadReferenceTypeIdInvalid);
        }

        var mask = (ResultMask)d.ResultMask;
        var matches = new List<ReferenceDescription>();
        foreach (var r in node.References)
        {
            if ((r.IsInverse && d.BrowseDirection == BrowseDirection.Forward) || (!r.IsInverse && d.BrowseDirection == BrowseDirection.Inverse))
            {
                continue;
            }

            if (!filterType.IsNull && !(d.IncludeSubtypes ? store.IsSubtypeOf(r.ReferenceTypeId, filterType) : r.ReferenceTypeId == filterType))
            {
                continue;
            }

            var target = store.Find(r.TargetId);
            if (target is null)
            {
                continue;
            }

            if (d.NodeClassMask != 0 && ((uint)target.NodeClass & d.NodeClassMask) == 0)
            {
                continue;
            }

            matches.Add(Describe(r, target, mask));
        }

        return Page(session, server.Options, [.. matches], max);
    }

    private static ReferenceDescription Describe(ReferenceEntry r, Node target, ResultMask mask)
    {
        var typeDefinition = target.NodeClass is NodeClass.Object or NodeClass.Variable ? target.TypeDefinition : NodeId.Null;
        return new ReferenceDescription
        {
            ReferenceTypeId = (mask & ResultMask.ReferenceType) != 0 ? r.ReferenceTypeId : NodeId.Null,
            IsForward = (mask & ResultMask.IsForward) != 0 && !r.IsInverse,
            NodeId = target.NodeId,
            BrowseName = (mask & ResultMask.BrowseName) != 0 ? target.BrowseName : QualifiedName.Null,
            DisplayName = (mask & ResultMask.DisplayName) != 0 ? target.DisplayName : LocalizedText.Null,
            NodeClass = (mask & ResultMask.NodeClass) != 0 ? target.NodeClass : NodeClass.Unspecified,
            TypeDefinition = (mask & ResultMask.TypeDefinition) != 0 ? typeDefinition : NodeId.Null,
        };
    }

    private static BrowseResult Page(Session session, OpcUaServerOptions options, ReferenceDescription[] all, uint max)
    {
        if (all.Length <= max)
        {
            return new BrowseResult { StatusCode = StatusCode.Good, References = all };
        }

        if (session.ContinuationPoints.Count >= options.MaxBrowseContinuationPoints)
        {
            return Fail(StatusCodes.BadNoContinuationPoints);
        }

        var point = RandomNumberGenerator.GetBytes(16);
        session.ContinuationPoints[Convert.ToBase64String(point)] = new BrowseContinuation(all[(int)max..], max);
        return new BrowseResult { StatusCode = StatusCode.Good, ContinuationPoint = point, References = all[..(int)max] };
    }

    private static BrowsePathResult TranslateOne(NodeStore store, BrowsePath path)
    {
        var elements = path.RelativePath?.Elements;
        if (elements is null || elements.Length == 0)
        {
            return new BrowsePathResult { StatusCode = StatusCodes.BadNothingToDo, Targets = [] };
        }

        if (!store.TryGet(path.StartingNode, out _))
        {
            return new BrowsePathResult { StatusCode = StatusCodes.BadNodeIdUnknown, Targets = [] };
        }

        var current = new List<NodeId> { path.StartingNode };
        foreach (var element in elements)
        {
            if (element is null || element.TargetName.IsNull)
            {
                return new BrowsePathResult { StatusCode = StatusCodes.BadBrowseNameInvalid, Targets = [] };
            }

            var next = new List<NodeId>();
            foreach (var id in current)
            {
                foreach (var r in store.Find(id)!.References)
                {
                    if (r.IsInverse != element.IsInverse)
                    {
                        continue;
                    }

                    if (!element.ReferenceTypeId.IsNull &&
                        !(element.IncludeSubtypes ? store.IsSubtypeOf(r.ReferenceTypeId, element.ReferenceTypeId) : r.ReferenceTypeId == element.ReferenceTypeId))
                    {
                        continue;
                    }

                    if (store.Find(r.TargetId) is { } target && target.BrowseName == element.TargetName && !next.Contains(target.NodeId))
                    {
                        next.Add(target.NodeId);
                    }
                }
            }

            if (next.Count == 0)
            {
                return new BrowsePathResult { StatusCode = StatusCodes.BadNoMatch, Targets = [] };
            }

            current = next;
        }

        return new BrowsePathResult
        {
            StatusCode = StatusCode.Good,
            Targets = [.. current.Select(id => new BrowsePathTarget { TargetId = id, RemainingPathIndex = uint.MaxValue })],
        };
    }

    private static BrowseResult Fail(uint status) => new() { StatusCode = status, References = [] };
}
