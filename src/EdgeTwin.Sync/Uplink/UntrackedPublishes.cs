using EdgeTwin.Mqtt;

namespace EdgeTwin.Sync.Uplink;

/// <summary>
/// Publishes whose acknowledgement moves no cursor: a format's own messages (Sparkplug births) and the rest of a
/// window given up after a refusal or a lost session (those samples are sent again from the cursor). Kept only so
/// each rented buffer goes back to the pool once the client is done with it.
/// </summary>
internal sealed class UntrackedPublishes
{
    private readonly List<InFlightMessage> _messages = [];

    /// <summary>Publishes <paramref name="buffer"/> (rented from the shared pool) QoS 1 and keeps it until the client is done.</summary>
    public void Publish(MqttClient client, string topic, byte[] buffer, int length)
    {
        var ack = client.PublishAsync(topic, buffer.AsMemory(0, length), MqttQualityOfService.AtLeastOnce);
        _messages.Add(new InFlightMessage(0, 0, buffer, ack));
    }

    /// <summary>Takes over the unacknowledged rest of an abandoned window.</summary>
    public void Abandon(Queue<InFlightMessage> window)
    {
        while (window.TryDequeue(out var message))
        {
            _messages.Add(message);
        }
    }

    /// <summary>Returns the buffers of the publishes that completed.</summary>
    public void Reap()
    {
        for (var i = _messages.Count - 1; i >= 0; i--)
        {
            if (_messages[i].Ack.IsCompleted)
            {
                _messages[i].Settle();
                _messages.RemoveAt(i);
            }
        }
    }

    /// <summary>Waits for every publish (the client must be disposed first, so none waits for a broker) and returns the buffers.</summary>
    public async Task SettleAllAsync()
    {
        foreach (var message in _messages)
        {
            await message.SettleAsync().ConfigureAwait(false);
        }

        _messages.Clear();
    }
}
