using System.Diagnostics;
using EdgeTwin.OpcUa.Tests.Fuzz;
using static EdgeTwin.OpcUa.Tests.Transport.MessageBuilder;

namespace EdgeTwin.OpcUa.Tests.Transport;

/// <summary>The connection handler's answers to bad input: an ERR message with the specific status (OPC 10000-6 §7.1.5).</summary>
public class ConnectionTests
{
    private static ReadRequest ReadServerState() => new()
    {
        RequestHeader = new RequestHeader { RequestHandle = 7 },
        TimestampsToReturn = TimestampsToReturn.Both,
        NodesToRead = [new ReadValueId { NodeId = VariableIds.Server_ServerStatus_State, AttributeId = AttributeIds.Value }],
    };

    [Fact]
    public async Task Hello_open_and_a_request_get_acknowledge_open_and_a_service_fault_for_the_missing_session()
    {
        var output = await InProcessConnection.RunAsync(Concat(Hello(), Open(1, 1), Message(2, 2, ReadServerState())));
        Assert.Equal(["ACK", "OPN", "MSG"], output.SentTypes());
        Assert.Null(output.ErrorStatus());
    }

    [Fact]
    public async Task A_chunk_larger_than_the_negotiated_buffer_is_refused_before_it_is_read()
    {
        var big = Message(2, 2, ReadServerState());
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(big.AsSpan(4), 70_000);
        var output = await InProcessConnection.RunAsync(Concat(Hello(), Open(1, 1), big));
        Assert.Equal(StatusCodes.BadTcpMessageTooLarge, output.ErrorStatus()!.Value.Code);
    }

    [Fact]
    public async Task An_unknown_message_type_closes_with_message_type_invalid()
    {
        var output = await InProcessConnection.RunAsync(Concat(Hello(), Open(1, 1), Message(2, 2, ReadServerState(), type: "XYZF")));
        Assert.Equal(StatusCodes.BadTcpMessageTypeInvalid, output.ErrorStatus()!.Value.Code);
    }

    [Fact]
    public async Task A_connection_that_does_not_start_with_hello_is_refused()
    {
        var output = await InProcessConnection.RunAsync(Open(1, 1));
        Assert.Equal(StatusCodes.BadTcpMessageTypeInvalid, output.ErrorStatus()!.Value.Code);
    }

    [Fact]
    public async Task A_hello_with_buffers_below_8192_bytes_is_rejected()
    {
        var output = await InProcessConnection.RunAsync(Hello(receiveBuffer: 1024));
        Assert.Equal(StatusCodes.BadConnectionRejected, output.ErrorStatus()!.Value.Code);
    }

    [Fact]
    public async Task A_silent_client_is_closed_after_the_handshake_timeout()
    {
        var watch = Stopwatch.StartNew();
        var output = await InProcessConnection.RunAsync([], InProcessConnection.Options(handshakeMs: 300), stall: true);
        Assert.Equal(StatusCodes.BadTimeout, output.ErrorStatus()!.Value.Code);
        Assert.InRange(watch.ElapsedMilliseconds, 250, 3000);
    }

    [Fact]
    public async Task A_skipped_sequence_number_closes_the_channel()
    {
        var output = await InProcessConnection.RunAsync(Concat(Hello(), Open(1, 1), Message(5, 2, ReadServerState())));
        Assert.Equal(StatusCodes.BadSequenceNumberInvalid, output.ErrorStatus()!.Value.Code);
    }

    [Fact]
    public async Task A_string_length_beyond_the_limit_closes_with_encoding_limits_exceeded()
    {
        var request = ReadServerState();
        request.NodesToRead![0].IndexRange = "abc";
        var body = Encode(request);
        var at = body.AsSpan().IndexOf("abc"u8) - 4;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(at), int.MaxValue);
        var output = await InProcessConnection.RunAsync(Concat(Hello(), Open(1, 1), RawMessage(2, 2, body)));
        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, output.ErrorStatus()!.Value.Code);
    }

    [Fact]
    public async Task A_truncated_request_body_closes_with_decoding_error()
    {
        var body = Encode(ReadServerState());
        var output = await InProcessConnection.RunAsync(Concat(Hello(), Open(1, 1), RawMessage(2, 2, body[..(body.Length - 6)])));
        Assert.Equal(StatusCodes.BadDecodingError, output.ErrorStatus()!.Value.Code);
    }

    [Fact]
    public async Task A_request_in_more_chunks_than_allowed_closes_with_message_too_large()
    {
        var options = InProcessConnection.Options();
        options = new Server.OpcUaServerOptions { Transport = new OpcUa.Transport.TransportLimits { MaxChunkCount = 2, HandshakeTimeout = TimeSpan.FromMilliseconds(500) } };
        var body = Encode(ReadServerState());
        var output = await InProcessConnection.RunAsync(
            Concat(Hello(), Open(1, 1), RawMessage(2, 2, body[..10], "MSGC"), RawMessage(3, 2, body[10..20], "MSGC"), RawMessage(4, 2, body[20..], "MSGF")),
            options);
        Assert.Equal(StatusCodes.BadTcpMessageTooLarge, output.ErrorStatus()!.Value.Code);
    }

    [Fact]
    public async Task A_request_split_across_chunks_is_reassembled()
    {
        var body = Encode(ReadServerState());
        var output = await InProcessConnection.RunAsync(Concat(Hello(), Open(1, 1), RawMessage(2, 2, body[..10], "MSGC"), RawMessage(3, 2, body[10..], "MSGF")));
        Assert.Null(output.ErrorStatus());
        Assert.Equal(["ACK", "OPN", "MSG"], output.SentTypes());
    }

    [Fact]
    public async Task Open_with_a_signing_policy_is_rejected_because_only_none_is_configured()
    {
        var output = await InProcessConnection.RunAsync(Concat(Hello(), Open(1, 1, policy: "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256")));
        Assert.Equal(StatusCodes.BadSecurityPolicyRejected, output.ErrorStatus()!.Value.Code);
    }

    [Fact]
    public async Task A_message_with_an_unknown_token_is_refused()
    {
        var output = await InProcessConnection.RunAsync(Concat(Hello(), Open(1, 1), Message(2, 2, ReadServerState(), tokenId: 9)));
        Assert.Equal(StatusCodes.BadSecureChannelTokenUnknown, output.ErrorStatus()!.Value.Code);
    }

    [Fact]
    public async Task A_renewed_token_is_accepted_and_the_old_one_stays_valid_until_the_new_one_is_used()
    {
        var output = await InProcessConnection.RunAsync(Concat(
            Hello(),
            Open(1, 1),
            Open(2, 2, type: SecurityTokenRequestType.Renew, channelId: 1),
            Message(3, 3, ReadServerState(), tokenId: 1),
            Message(4, 4, ReadServerState(), tokenId: 2),
            Message(5, 5, ReadServerState(), tokenId: 1)));
        Assert.Equal(["ACK", "OPN", "OPN", "MSG", "MSG", "ERR"], output.SentTypes());
        Assert.Equal(StatusCodes.BadSecureChannelTokenUnknown, output.ErrorStatus()!.Value.Code);
    }
}

public class HelloTests
{
    [Fact]
    public async Task An_endpoint_url_longer_than_4096_bytes_is_refused_as_invalid()
    {
        var output = await Fuzz.InProcessConnection.RunAsync(MessageBuilder.Hello(url: "opc.tcp://" + new string('h', 5000)));
        Assert.Equal(StatusCodes.BadTcpEndpointUrlInvalid, output.ErrorStatus()!.Value.Code);
    }
}
