using System.Threading.Channels;

namespace EdgeTwin.Mqtt.Tests.Client;

internal static class Wait
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    public static async Task<MqttApplicationMessage> NextAsync(ChannelReader<MqttApplicationMessage> reader, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Default);
        try
        {
            return await reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No message arrived within {timeout ?? Default}.");
        }
    }

    /// <summary>True when nothing arrives within <paramref name="window"/>.</summary>
    public static async Task<bool> NothingAsync(ChannelReader<MqttApplicationMessage> reader, TimeSpan window)
    {
        using var cts = new CancellationTokenSource(window);
        try
        {
            await reader.WaitToReadAsync(cts.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    public static async Task<T> WithTimeout<T>(Task<T> task, TimeSpan? timeout = null) => await task.WaitAsync(timeout ?? Default);

    public static async Task WithTimeout(Task task, TimeSpan? timeout = null) => await task.WaitAsync(timeout ?? Default);

    public static async Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Default);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not become true in time.");
            }

            await Task.Delay(10);
        }
    }
}
