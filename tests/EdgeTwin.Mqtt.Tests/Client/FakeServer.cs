using System.Net;
using System.Net.Sockets;

namespace EdgeTwin.Mqtt.Tests.Client;

/// <summary>
/// A scripted MQTT "server" on a free loopback port: accepts one client, reads its CONNECT, answers with a
/// CONNACK and then sends whatever bytes a test wants — including malformed ones no real broker would send.
/// </summary>
internal sealed class FakeServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private TcpClient? _client;

    public FakeServer() => _listener.Start();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public NetworkStream Stream => _client?.GetStream() ?? throw new InvalidOperationException("No client yet.");

    public static byte[] ConnAck(MqttProtocolVersion version) =>
        version == MqttProtocolVersion.V500 ? [0x20, 0x03, 0x00, 0x00, 0x00] : [0x20, 0x02, 0x00, 0x00];

    /// <summary>
    /// Accepts the next connection, checks that its first packet is CONNECT, answers with <paramref name="connAck"/>
    /// and returns the CONNECT body.
    /// </summary>
    public async Task<byte[]> AcceptAsync(byte[] connAck)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        _client = await _listener.AcceptTcpClientAsync(cts.Token);
        var (header, body) = await ReadPacketAsync(cts.Token) ?? throw new InvalidOperationException("The client closed before CONNECT.");
        Assert.Equal(0x10, header);
        await SendAsync(connAck);
        return body;
    }

    /// <summary>Resets the current connection, as a crashed broker would.</summary>
    public void DropClient()
    {
        if (_client is { } client)
        {
            client.Client.Close(0);
            client.Dispose();
            _client = null;
        }
    }

    /// <summary>Reads one packet that is not PINGREQ, failing the test if none arrives in time.</summary>
    public async Task<(byte Header, byte[] Body)> ExpectPacketAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var packet = await ReadPacketAsync(cts.Token) ?? throw new InvalidOperationException("The client closed the connection.");
            if (packet.Header != 0xC0)
            {
                return packet;
            }
        }
    }

    /// <summary>True when the client sends nothing but PINGREQ for <paramref name="window"/>.</summary>
    public async Task<bool> SilentForAsync(TimeSpan window)
    {
        try
        {
            await ExpectPacketAsync(window);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    public async Task SendAsync(byte[] bytes) => await Stream.WriteAsync(bytes);

    /// <summary>Reads one packet; null when the client closed the connection.</summary>
    public async Task<(byte Header, byte[] Body)?> ReadPacketAsync(CancellationToken cancellationToken)
    {
        var one = new byte[1];
        if (await Stream.ReadAsync(one, cancellationToken) == 0)
        {
            return null;
        }

        var header = one[0];
        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            await Stream.ReadExactlyAsync(one, cancellationToken);
            length |= (one[0] & 0x7F) << shift;
            if ((one[0] & 0x80) == 0)
            {
                break;
            }
        }

        var body = new byte[length];
        await Stream.ReadExactlyAsync(body, cancellationToken);
        return (header, body);
    }

    /// <summary>Reads until the client closes; returns the packets it sent on the way, ignoring PINGREQ.</summary>
    public async Task<List<(byte Header, byte[] Body)>> ReadUntilClosedAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var packets = new List<(byte, byte[])>();
        try
        {
            while (await ReadPacketAsync(cts.Token) is { } packet)
            {
                if (packet.Header != 0xC0)
                {
                    packets.Add(packet);
                }
            }
        }
        catch (IOException)
        {
            // Reset by the client: closed as well.
        }

        return packets;
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _listener.Stop();
        _listener.Dispose();
        await Task.CompletedTask;
    }
}
