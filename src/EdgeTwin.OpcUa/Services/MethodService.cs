using EdgeTwin.OpcUa.AddressSpace;
using EdgeTwin.OpcUa.Encoding;

namespace EdgeTwin.OpcUa.Services;

/// <summary>Method service set (OPC 10000-4 §5.11): Call with InputArguments checked before the callback runs.</summary>
internal static class MethodService
{
    public static CallResponse Call(RequestContext ctx, CallRequest request)
    {
        var session = ctx.RequireSession;
        RequestContext.CheckCount(request.MethodsToCall, ctx.Server.Options.Operations.MaxNodesPerMethodCall);
        var results = new CallMethodResult[request.MethodsToCall!.Length];
        for (var i = 0; i < results.Length; i++)
        {
            var call = request.MethodsToCall[i] ?? new CallMethodRequest();
            results[i] = CallOne(ctx, session.Identity, call);
            if (ctx.Server.Options.CallCompleted is { } observer && ctx.Server.Nodes.Find(call.MethodId) is MethodNode)
            {
                observer(session.Identity, call, results[i].StatusCode);
            }
        }

        return new CallResponse { ResponseHeader = ctx.Response(), Results = results, DiagnosticInfos = [] };
    }

    private static CallMethodResult CallOne(RequestContext ctx, Server.UserIdentity user, CallMethodRequest call)
    {
        var store = ctx.Server.Nodes;
        if (!store.TryGet(call.ObjectId, out var target) || target.NodeClass is not (NodeClass.Object or NodeClass.ObjectType))
        {
            return Result(StatusCodes.BadNodeIdUnknown);
        }

        if (store.Find(call.MethodId) is not MethodNode method)
        {
            return Result(StatusCodes.BadMethodInvalid);
        }

        var isComponent = false;
        foreach (var r in target.References)
        {
            if (!r.IsInverse && r.TargetId == method.NodeId && store.IsSubtypeOf(r.ReferenceTypeId, ReferenceTypeIds.HasComponent))
            {
                isComponent = true;
                break;
            }
        }

        if (!isComponent)
        {
            return Result(StatusCodes.BadMethodInvalid);
        }

        if (!method.Executable || method.Handler is null)
        {
            return Result(StatusCodes.BadNotExecutable);
        }

        if (!method.UserExecutable(user))
        {
            return Result(StatusCodes.BadUserAccessDenied);
        }

        var inputs = call.InputArguments ?? [];
        if (inputs.Length < method.InputArguments.Length)
        {
            return Result(StatusCodes.BadArgumentsMissing);
        }

        if (inputs.Length > method.InputArguments.Length)
        {
            return Result(StatusCodes.BadTooManyArguments);
        }

        var inputResults = new StatusCode[inputs.Length];
        var anyBad = false;
        for (var i = 0; i < inputs.Length; i++)
        {
            var arg = method.InputArguments[i];
            if (!DataTypeCheck.Fits(store, inputs[i], arg.DataType, arg.ValueRank) || inputs[i].IsNull)
            {
                inputResults[i] = StatusCodes.BadTypeMismatch;
                anyBad = true;
            }
        }

        if (anyBad)
        {
            return new CallMethodResult { StatusCode = StatusCodes.BadInvalidArgument, InputArgumentResults = inputResults, InputArgumentDiagnosticInfos = [], OutputArguments = [] };
        }

        var outputs = new Variant[method.OutputArguments.Length];
        StatusCode status;
        try
        {
            status = method.Handler(new MethodCallContext(user, call.ObjectId, call.MethodId), inputs, outputs);
        }
        catch (StatusException ex)
        {
            status = ex.Status;
        }

        return new CallMethodResult
        {
            StatusCode = status,
            InputArgumentResults = [],
            InputArgumentDiagnosticInfos = [],
            OutputArguments = status.IsBad ? [] : outputs,
        };
    }

    private static CallMethodResult Result(uint status) => new() { StatusCode = status, InputArgumentResults = [], InputArgumentDiagnosticInfos = [], OutputArguments = [] };
}
