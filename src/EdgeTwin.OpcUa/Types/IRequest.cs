namespace EdgeTwin.OpcUa.Types;

/// <summary>A service request: every one starts with a RequestHeader (OPC 10000-4 §7.33).</summary>
public interface IRequest
{
    RequestHeader? Header { get; }
}

/// <summary>A service response: every one starts with a ResponseHeader (OPC 10000-4 §7.34).</summary>
public interface IResponse
{
    ResponseHeader? Header { get; }
}
