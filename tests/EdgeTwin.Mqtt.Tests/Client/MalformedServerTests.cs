using EdgeTwin.Mqtt.Packets;

namespace EdgeTwin.Mqtt.Tests.Client;

/// <summary>
/// A server that sends bytes breaking the protocol: the client must close the connection, tell the server why in
/// a 5.0 DISCONNECT (§4.13) and report a specific <see cref="MqttProtocolException"/> — no crash, no hang.
/// </summary>
public sealed class MalformedServerTests
{
    public static TheoryData<string, string, MqttReasonCode> Violations() => new()
    {
        { "PUBLISH topic with invalid UTF-8", "30060003C0AF6141", MqttReasonCode.MalformedPacket },
        { "Remaining Length of five bytes", "30FFFFFFFF7F", MqttReasonCode.MalformedPacket },
        { "string length beyond the packet", "3004FFFF6162", MqttReasonCode.MalformedPacket },
        { "packet larger than the client's Maximum Packet Size", "30904E", MqttReasonCode.PacketTooLarge },
        { "a second CONNACK", "2003000000", MqttReasonCode.ProtocolError },
        { "SUBSCRIBE sent to a client", "820600010001610" + "0", MqttReasonCode.ProtocolError },
        { "duplicate property", "300A000161" + "06" + "030000" + "030000", MqttReasonCode.ProtocolError },
        { "unknown Topic Alias", "3006000000" + "03" + "230001", MqttReasonCode.ProtocolError },
        { "Topic Alias above the maximum", "3007000161" + "03" + "230100", MqttReasonCode.TopicAliasInvalid },
        { "reserved packet type 0", "0000", MqttReasonCode.MalformedPacket },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task Client_sends_DISCONNECT_with_the_reason_and_closes(string violation, string hex, MqttReasonCode expected)
    {
        await using var server = new FakeServer();
        await using var client = new MqttClient(Options(server, MqttProtocolVersion.V500));
        var disconnected = new TaskCompletionSource<MqttDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, e) => disconnected.TrySetResult(e);
        var accept = server.AcceptAsync(FakeServer.ConnAck(MqttProtocolVersion.V500));
        await client.ConnectAsync();
        await accept;

        await server.SendAsync(Convert.FromHexString(hex));
        var sent = await server.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));

        var disconnect = Assert.Single(sent);
        Assert.Equal(0xE0, disconnect.Header);
        Assert.True(expected == (MqttReasonCode)disconnect.Body[0], $"{violation}: DISCONNECT carried 0x{disconnect.Body[0]:X2}, expected {expected}");
        var args = await Wait.WithTimeout(disconnected.Task);
        var error = Assert.IsType<MqttProtocolException>(args.Exception);
        Assert.Equal(expected, error.ReasonCode);
        Assert.Equal(expected, args.ReasonCode);
        Assert.False(args.ByServer);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task A_3_1_1_client_closes_without_DISCONNECT_on_malformed_input()
    {
        await using var server = new FakeServer();
        await using var client = new MqttClient(Options(server, MqttProtocolVersion.V311));
        var disconnected = new TaskCompletionSource<MqttDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, e) => disconnected.TrySetResult(e);
        var accept = server.AcceptAsync(FakeServer.ConnAck(MqttProtocolVersion.V311));
        await client.ConnectAsync();
        await accept;

        await server.SendAsync(Convert.FromHexString("30050003C0AF61"));

        Assert.Empty(await server.ReadUntilClosedAsync(TimeSpan.FromSeconds(10)));
        var args = await Wait.WithTimeout(disconnected.Task);
        Assert.Equal(MqttReasonCode.MalformedPacket, Assert.IsType<MqttProtocolException>(args.Exception).ReasonCode);
    }

    [Fact]
    public async Task A_server_DISCONNECT_is_reported_with_its_reason()
    {
        await using var server = new FakeServer();
        await using var client = new MqttClient(Options(server, MqttProtocolVersion.V500));
        var disconnected = new TaskCompletionSource<MqttDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, e) => disconnected.TrySetResult(e);
        var accept = server.AcceptAsync(FakeServer.ConnAck(MqttProtocolVersion.V500));
        await client.ConnectAsync();
        await accept;

        // DISCONNECT 0x8B Server shutting down, with Reason String "bye".
        await server.SendAsync(Convert.FromHexString("E008" + "8B" + "06" + "1F0003627965"));

        var args = await Wait.WithTimeout(disconnected.Task);
        Assert.True(args.ByServer);
        Assert.Equal(MqttReasonCode.ServerShuttingDown, args.ReasonCode);
        Assert.Contains("bye", args.Exception!.Message, StringComparison.Ordinal);
        Assert.Empty(await server.ReadUntilClosedAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_server_that_stops_answering_PINGREQ_is_detected_as_dead()
    {
        await using var server = new FakeServer();
        var options = Options(server, MqttProtocolVersion.V500) with { KeepAlive = TimeSpan.FromSeconds(1), PingTimeout = TimeSpan.FromMilliseconds(500) };
        await using var client = new MqttClient(options);
        var disconnected = new TaskCompletionSource<MqttDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, e) => disconnected.TrySetResult(e);
        var accept = server.AcceptAsync(FakeServer.ConnAck(MqttProtocolVersion.V500));
        await client.ConnectAsync();
        await accept;

        // The server reads (so TCP stays healthy) but never sends PINGRESP.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var ping = await server.ReadPacketAsync(cts.Token);
        Assert.Equal((byte)((int)PacketType.PingReq << 4), ping!.Value.Header);

        var args = await Wait.WithTimeout(disconnected.Task, TimeSpan.FromSeconds(5));
        Assert.Equal(MqttReasonCode.KeepAliveTimeout, args.ReasonCode);
        Assert.IsType<MqttConnectionException>(args.Exception);
        Assert.Contains("PINGRESP", args.Exception!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusing_CONNACK_throws_with_its_reason_code()
    {
        await using var server = new FakeServer();
        await using var client = new MqttClient(Options(server, MqttProtocolVersion.V500));
        var accept = server.AcceptAsync([0x20, 0x03, 0x00, 0x8A, 0x00]);
        var error = await Assert.ThrowsAsync<MqttConnectionRefusedException>(() => client.ConnectAsync());
        await accept;
        Assert.Equal(MqttReasonCode.Banned, error.ReasonCode);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task A_server_that_never_sends_CONNACK_times_out()
    {
        await using var server = new FakeServer();
        await using var client = new MqttClient(Options(server, MqttProtocolVersion.V500) with { ConnectTimeout = TimeSpan.FromMilliseconds(500) });
        var error = await Assert.ThrowsAsync<MqttConnectionException>(() => client.ConnectAsync());
        Assert.Contains("CONNACK", error.Message, StringComparison.Ordinal);
    }

    private static MqttClientOptions Options(FakeServer server, MqttProtocolVersion version) => new()
    {
        Host = "127.0.0.1",
        Port = server.Port,
        ProtocolVersion = version,
        ClientId = "fake-server-test",
        AutoReconnect = false,
        MaximumPacketSize = 1024,
        TopicAliasMaximum = 8,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };
}
