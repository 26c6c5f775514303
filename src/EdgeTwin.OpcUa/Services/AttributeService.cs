using EdgeTwin.OpcUa.AddressSpace;
using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Server;

namespace EdgeTwin.OpcUa.Services;

/// <summary>Attribute service set (OPC 10000-4 §5.10): Read of every attribute of every node class, Write of Value.</summary>
internal static class AttributeService
{
    public static ReadResponse Read(RequestContext ctx, ReadRequest request)
    {
        var session = ctx.RequireSession;
        RequestContext.CheckCount(request.NodesToRead, ctx.Server.Options.Operations.MaxNodesPerRead);
        if (request.MaxAge < 0)
        {
            throw new StatusException(StatusCodes.BadMaxAgeInvalid);
        }

        if (request.TimestampsToReturn is < TimestampsToReturn.Source or > TimestampsToReturn.Neither)
        {
            throw new StatusException(StatusCodes.BadTimestampsToReturnInvalid);
        }

        var now = ctx.Server.Time.GetUtcNow().UtcDateTime;
        var results = new DataValue[request.NodesToRead!.Length];
        for (var i = 0; i < results.Length; i++)
        {
            var item = request.NodesToRead[i];
            results[i] = item is null
                ? DataValue.FromStatus(StatusCodes.BadNodeIdUnknown)
                : ReadOne(ctx.Server, session.Identity, item, request.TimestampsToReturn, now);
        }

        return new ReadResponse { ResponseHeader = ctx.Response(), Results = results, DiagnosticInfos = [] };
    }

    public static WriteResponse Write(RequestContext ctx, WriteRequest request)
    {
        var session = ctx.RequireSession;
        RequestContext.CheckCount(request.NodesToWrite, ctx.Server.Options.Operations.MaxNodesPerWrite);
        var results = new StatusCode[request.NodesToWrite!.Length];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = request.NodesToWrite[i] is { } w ? WriteOne(ctx.Server, session.Identity, w) : StatusCodes.BadNodeIdUnknown;
            if (ctx.Server.Options.WriteCompleted is { } observer && request.NodesToWrite[i] is { AttributeId: AttributeIds.Value } written && results[i] != StatusCodes.BadNodeIdUnknown)
            {
                observer(session.Identity, written, results[i]);
            }
        }

        return new WriteResponse { ResponseHeader = ctx.Response(), Results = results, DiagnosticInfos = [] };
    }

    public static DataValue ReadOne(ServerCore server, UserIdentity user, ReadValueId item, TimestampsToReturn timestamps, DateTime now)
    {
        if (!server.Nodes.TryGet(item.NodeId, out var node))
        {
            return DataValue.FromStatus(StatusCodes.BadNodeIdUnknown);
        }

        var isValue = item.AttributeId == AttributeIds.Value;
        if (!item.DataEncoding.IsNull)
        {
            if (!isValue)
            {
                return DataValue.FromStatus(StatusCodes.BadDataEncodingInvalid);
            }

            if (item.DataEncoding.NamespaceIndex != 0 || item.DataEncoding.Name != "Default Binary")
            {
                return DataValue.FromStatus(StatusCodes.BadDataEncodingUnsupported);
            }
        }

        NumericRange range = default;
        var hasRange = !string.IsNullOrEmpty(item.IndexRange);
        if (hasRange && !NumericRange.TryParse(item.IndexRange, out range))
        {
            return DataValue.FromStatus(StatusCodes.BadIndexRangeInvalid);
        }

        DataValue result;
        if (isValue && node is VariableNode variable)
        {
            if (!CanRead(variable, user, out var denied))
            {
                return DataValue.FromStatus(denied);
            }

            result = variable.GetValue();
        }
        else
        {
            var status = ReadAttribute(node, item.AttributeId, user, out var value);
            if (status.IsBad)
            {
                return DataValue.FromStatus(status);
            }

            result = new DataValue(value);
        }

        if (hasRange)
        {
            var status = range.Apply(result.Value, out var sliced);
            if (status.IsBad)
            {
                return DataValue.FromStatus(status);
            }

            result = result with { Value = sliced };
        }

        return Stamp(result, isValue, timestamps, now);
    }

    /// <summary>
    /// The Value attribute of a variable already resolved (a monitored item's sampler holds its node, so a sample
    /// costs no NodeId lookup): the same access check and timestamps as <see cref="ReadOne"/>.
    /// </summary>
    public static DataValue ReadValue(VariableNode variable, UserIdentity user, TimestampsToReturn timestamps, DateTime now) =>
        CanRead(variable, user, out var denied) ? Stamp(variable.GetValue(), isValue: true, timestamps, now) : DataValue.FromStatus(denied);

    private static bool CanRead(VariableNode variable, UserIdentity user, out StatusCode denied)
    {
        if ((variable.UserAccessLevel(user) & AccessLevels.CurrentRead) != 0)
        {
            denied = StatusCode.Good;
            return true;
        }

        denied = (variable.AccessLevel & AccessLevels.CurrentRead) == 0 ? StatusCodes.BadNotReadable : StatusCodes.BadUserAccessDenied;
        return false;
    }

    /// <summary>OPC 10000-4 §7.40: source timestamps only for Value; server timestamps when asked for.</summary>
    private static DataValue Stamp(in DataValue result, bool isValue, TimestampsToReturn timestamps, DateTime now)
    {
        var source = isValue && timestamps is TimestampsToReturn.Source or TimestampsToReturn.Both ? result.SourceTimestamp : default;
        var serverTime = timestamps is TimestampsToReturn.Server or TimestampsToReturn.Both ? now : default;
        return new DataValue(result.Value, result.Status, source, serverTime)
        {
            SourcePicoseconds = source == default ? (ushort)0 : result.SourcePicoseconds,
        };
    }

    /// <summary>Every attribute but Value; Bad_AttributeIdInvalid when the node class has no such attribute.</summary>
    public static StatusCode ReadAttribute(Node node, uint attributeId, UserIdentity user, out Variant value)
    {
        value = Variant.Null;
        switch (attributeId)
        {
            case AttributeIds.NodeId: value = new Variant(node.NodeId); return StatusCode.Good;
            case AttributeIds.NodeClass: value = new Variant((int)node.NodeClass); return StatusCode.Good;
            case AttributeIds.BrowseName: value = new Variant(node.BrowseName); return StatusCode.Good;
            case AttributeIds.DisplayName: value = new Variant(node.DisplayName); return StatusCode.Good;
            case AttributeIds.Description: value = new Variant(node.Description); return StatusCode.Good;
            case AttributeIds.WriteMask: value = new Variant(node.WriteMask); return StatusCode.Good;
            case AttributeIds.UserWriteMask: value = new Variant(user.IsAnonymous ? 0u : node.WriteMask); return StatusCode.Good;
        }

        switch (node, attributeId)
        {
            case (ObjectTypeNode t, AttributeIds.IsAbstract): value = new Variant(t.IsAbstract); break;
            case (VariableTypeNode t, AttributeIds.IsAbstract): value = new Variant(t.IsAbstract); break;
            case (ReferenceTypeNode t, AttributeIds.IsAbstract): value = new Variant(t.IsAbstract); break;
            case (DataTypeNode t, AttributeIds.IsAbstract): value = new Variant(t.IsAbstract); break;
            case (ReferenceTypeNode t, AttributeIds.Symmetric): value = new Variant(t.Symmetric); break;
            case (ReferenceTypeNode t, AttributeIds.InverseName): value = new Variant(t.InverseName); break;
            case (ViewNode v, AttributeIds.ContainsNoLoops): value = new Variant(v.ContainsNoLoops); break;
            case (ViewNode v, AttributeIds.EventNotifier): value = new Variant(v.EventNotifier); break;
            case (ObjectNode o, AttributeIds.EventNotifier): value = new Variant(o.EventNotifier); break;
            case (VariableTypeNode t, AttributeIds.Value): value = t.Value; break;
            case (VariableNode v, AttributeIds.DataType): value = new Variant(v.DataType); break;
            case (VariableTypeNode t, AttributeIds.DataType): value = new Variant(t.DataType); break;
            case (VariableNode v, AttributeIds.ValueRank): value = new Variant(v.ValueRank); break;
            case (VariableTypeNode t, AttributeIds.ValueRank): value = new Variant(t.ValueRank); break;
            case (VariableNode v, AttributeIds.ArrayDimensions): value = Dimensions(v.ArrayDimensions); break;
            case (VariableTypeNode t, AttributeIds.ArrayDimensions): value = Dimensions(t.ArrayDimensions); break;
            case (VariableNode v, AttributeIds.AccessLevel): value = new Variant(v.AccessLevel); break;
            case (VariableNode v, AttributeIds.UserAccessLevel): value = new Variant(v.UserAccessLevel(user)); break;
            case (VariableNode v, AttributeIds.AccessLevelEx): value = new Variant((uint)v.AccessLevel); break;
            case (VariableNode v, AttributeIds.MinimumSamplingInterval): value = new Variant(v.MinimumSamplingInterval); break;
            case (VariableNode v, AttributeIds.Historizing): value = new Variant(v.Historizing); break;
            case (MethodNode m, AttributeIds.Executable): value = new Variant(m.Executable); break;
            case (MethodNode m, AttributeIds.UserExecutable): value = new Variant(m.UserExecutable(user)); break;
            default: return StatusCodes.BadAttributeIdInvalid;
        }

        return StatusCode.Good;
    }

    private static StatusCode WriteOne(ServerCore server, UserIdentity user, WriteValue w)
    {
        if (!server.Nodes.TryGet(w.NodeId, out var node))
        {
            return StatusCodes.BadNodeIdUnknown;
        }

        if (w.AttributeId is 0 or > AttributeIds.Max)
        {
            return StatusCodes.BadAttributeIdInvalid;
        }

        if (w.AttributeId != AttributeIds.Value || node is not VariableNode variable)
        {
            return ReadAttribute(node, w.AttributeId, user, out _).IsBad && w.AttributeId != AttributeIds.Value
                ? StatusCodes.BadAttributeIdInvalid
                : StatusCodes.BadNotWritable;
        }

        if (!string.IsNullOrEmpty(w.IndexRange))
        {
            return NumericRange.TryParse(w.IndexRange, out _) ? StatusCodes.BadWriteNotSupported : StatusCodes.BadIndexRangeInvalid;
        }

        if ((variable.AccessLevel & AccessLevels.CurrentWrite) == 0)
        {
            return StatusCodes.BadNotWritable;
        }

        if ((variable.UserAccessLevel(user) & AccessLevels.CurrentWrite) == 0)
        {
            return StatusCodes.BadUserAccessDenied;
        }

        var value = w.Value;
        if (!DataTypeCheck.Fits(server.Nodes, value.Value, variable.DataType, variable.ValueRank))
        {
            return StatusCodes.BadTypeMismatch;
        }

        var now = server.Time.GetUtcNow().UtcDateTime;
        var stored = new DataValue(value.Value, value.Status, value.SourceTimestamp == default ? now : value.SourceTimestamp, now);
        if (variable.OnWrite is { } handler)
        {
            var status = handler(user, variable, stored);
            if (status.IsBad)
            {
                return status;
            }
        }

        if (variable.Source is null)
        {
            variable.SetValue(stored);
        }

        return StatusCode.Good;
    }

    private static Variant Dimensions(uint[]? dims) => dims is null ? Variant.Null : new Variant(dims, BuiltInType.UInt32);
}
