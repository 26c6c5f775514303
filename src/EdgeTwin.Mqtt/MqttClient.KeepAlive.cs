using System.Buffers;
using EdgeTwin.Mqtt.Formatter;
using EdgeTwin.Mqtt.Packets;
using EdgeTwin.Mqtt.Session;

namespace EdgeTwin.Mqtt;

public sealed partial class MqttClient
{
    /// <summary>
    /// MQTT 5.0 §3.1.2.10: send PINGREQ when nothing was sent — or nothing received, so a silently dead server is
    /// noticed even while publishing — for a keep-alive period; no PINGRESP within the ping timeout closes the
    /// connection (§3.12.4) and the reconnect policy takes over. The ping goes out after three quarters of the
    /// period so a late timer on a busy device still beats the server's 1.5 × keep-alive cut-off.
    /// </summary>
    private static async Task KeepAliveLoopAsync(ClientConnection connection)
    {
        var token = connection.Lifetime.Token;
        var keepAlive = (long)connection.KeepAlive.TotalMilliseconds * 3 / 4;
        try
        {
            while (true)
            {
                var now = Environment.TickCount64;
                var idle = Math.Max(now - connection.Channel.LastSendTicks, now - Volatile.Read(ref connection.LastReceiveTicks));
                if (idle < keepAlive)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(keepAlive - idle), token).ConfigureAwait(false);
                    continue;
                }

                Volatile.Write(ref connection.PingOutstanding, 1);
                await connection.Channel.SendAsync(PacketType.PingReq, static (IBufferWriter<byte> o, in PacketType t, MqttProtocolVersion _) => PingCodec.Encode(o, t), token).ConfigureAwait(false);
                await Task.Delay(connection.PingTimeout, token).ConfigureAwait(false);
                if (Volatile.Read(ref connection.PingOutstanding) == 1)
                {
                    connection.CloseError = new MqttConnectionException($"No PINGRESP within {connection.PingTimeout.TotalSeconds:0.###} s: the connection is dead (MQTT 5.0 §3.1.2.10).");
                    connection.CloseReason = MqttReasonCode.KeepAliveTimeout;
                    connection.Close();
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or MqttConnectionException)
        {
            // The connection ended; the receive loop reports why.
        }
    }
}
