using System.Security.Cryptography;

namespace EdgeTwin.OpcUa.Benchmarks.LoadClient;

/// <summary>An anonymous session on a <see cref="UaTcpClient"/> (OPC 10000-4 §5.6): create, activate, close.</summary>
internal sealed class UaSession
{
    private uint _handle;

    private UaSession(UaTcpClient channel, NodeId authenticationToken)
    {
        Channel = channel;
        AuthenticationToken = authenticationToken;
    }

    public UaTcpClient Channel { get; }

    public NodeId AuthenticationToken { get; }

    public static async Task<UaSession> CreateAsync(UaTcpClient channel, string endpointUrl, CancellationToken ct)
    {
        var created = await channel.CallAsync<CreateSessionResponse>(new CreateSessionRequest
        {
            RequestHeader = new RequestHeader { Timestamp = DateTime.UtcNow, TimeoutHint = 10_000 },
            ClientDescription = new ApplicationDescription
            {
                ApplicationUri = "urn:edgetwin:opcua:loadclient",
                ProductUri = "urn:edgetwin:opcua",
                ApplicationName = new LocalizedText("EdgeTwin OPC UA load client"),
                ApplicationType = ApplicationType.Client,
            },
            EndpointUrl = endpointUrl,
            SessionName = "load",
            ClientNonce = RandomNumberGenerator.GetBytes(32),
            RequestedSessionTimeout = 60_000,
        }, ct);

        // The anonymous token's policy id is the server's own name for it (OPC 10000-4 §7.41.3).
        var policyId = created.ServerEndpoints?
            .SelectMany(e => e.UserIdentityTokens ?? [])
            .FirstOrDefault(p => p?.TokenType == UserTokenType.Anonymous)?.PolicyId ?? "anonymous";
        var session = new UaSession(channel, created.AuthenticationToken);
        await channel.CallAsync<ActivateSessionResponse>(new ActivateSessionRequest
        {
            RequestHeader = session.Header(),
            ClientSignature = new SignatureData(),
            UserIdentityToken = new ExtensionObject(new AnonymousIdentityToken { PolicyId = policyId }),
            UserTokenSignature = new SignatureData(),
        }, ct);
        return session;
    }

    public RequestHeader Header(uint timeoutHintMs = 30_000) => new()
    {
        AuthenticationToken = AuthenticationToken,
        Timestamp = DateTime.UtcNow,
        RequestHandle = ++_handle,
        TimeoutHint = timeoutHintMs,
    };

    public Task<T> CallAsync<T>(IEncodeable request, CancellationToken ct)
        where T : class, IEncodeable => Channel.CallAsync<T>(request, ct);

    public Task CloseAsync(CancellationToken ct) =>
        Channel.CallAsync<CloseSessionResponse>(new CloseSessionRequest { RequestHeader = Header(), DeleteSubscriptions = true }, ct);
}
