using System.Buffers;
using EdgeTwin.Mqtt;

namespace EdgeTwin.Sync.Uplink;

/// <summary>A QoS 1 publish handed to the client: the store sequences it carries, its rented payload buffer and its PUBACK.</summary>
internal readonly record struct InFlightMessage(long First, long Last, byte[] Buffer, ValueTask<MqttPublishResult> Ack)
{
    /// <summary>Takes the result of a completed publish exactly once, without allocating, and returns the buffer; true if the broker took it.</summary>
    public bool Settle()
    {
        try
        {
            return Ack.GetAwaiter().GetResult().IsSuccess;
        }
        catch (Exception ex) when (ex is MqttConnectionException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(Buffer);
        }
    }

    /// <summary>Awaits the publish exactly once and returns the buffer; true if the broker took it.</summary>
    public async ValueTask<bool> SettleAsync()
    {
        try
        {
            return (await Ack.ConfigureAwait(false)).IsSuccess;
        }
        catch (Exception ex) when (ex is MqttConnectionException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(Buffer);
        }
    }
}
