using EdgeTwin.OpcUa.Server;
using EdgeTwin.OpcUa.Services;
using EdgeTwin.OpcUa.Tests.Fuzz;

namespace EdgeTwin.OpcUa.Tests.Services;

/// <summary>Calls services the way a connection does (through the dispatcher), with a real session.</summary>
internal sealed class ServiceHarness
{
    private uint _handle;

    public ServiceHarness(OpcUaServerOptions? options = null)
    {
        Core = InProcessConnection.NewServer(options ?? new OpcUaServerOptions { Users = [UserAccount.Create("op", "pw", 1000, ["operator"])] });
        Space = new AddressSpace.ServerAddressSpace(Core.Nodes, Core.Options.ApplicationNamespaceUri);
    }

    public ServerCore Core { get; }
    public AddressSpace.ServerAddressSpace Space { get; }
    public NodeId Token { get; private set; }

    public T Call<T>(IRequest request, uint channelId = 1)
        where T : class
    {
        var header = request.Header!;
        header.AuthenticationToken = Token;
        header.RequestHandle = ++_handle;
        var response = ServiceDispatcher.Dispatch(Core, (IEncodeable)request, header, channelId, "opc.tcp://127.0.0.1:4840", null);
        return response as T ?? throw new InvalidOperationException("got " + response);
    }

    /// <summary>Uses a session created but not (yet) activated.</summary>
    public void UseToken(NodeId token) => Token = token;

    public ServiceHarness Open(ExtensionObject? identity = null)
    {
        var created = Call<CreateSessionResponse>(new CreateSessionRequest { RequestHeader = new(), SessionName = "t", RequestedSessionTimeout = 60000 });
        Token = created.AuthenticationToken;
        Call<ActivateSessionResponse>(new ActivateSessionRequest { RequestHeader = new(), UserIdentityToken = identity });
        return this;
    }

    public StatusCode Fault(IRequest request, uint channelId = 1)
    {
        try
        {
            Call<IEncodeable>(request, channelId);
            return StatusCode.Good;
        }
        catch (StatusException ex)
        {
            return ex.Status;
        }
    }
}
