using System.Diagnostics;
using System.Globalization;
using System.Text;
using EdgeTwin.Mqtt;
using EdgeTwin.Bench.Shared;

// QoS 1 publish throughput to a local mosquitto: EdgeTwin.Mqtt at several in-flight windows versus
// `mosquitto_pub -q 1 -l` fed the same number of lines, in one run against the same broker.
// Each configuration runs `repeats` times and the median is reported, since a shared machine is noisy.
// Usage: dotnet run -c Release --project bench/EdgeTwin.Mqtt.Benchmarks -- [messages] [payload-bytes] [repeats]
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50_000;
var payloadSize = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
var repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;

using var broker = await LocalBroker.StartAsync(maxQueuedMessages: 100_000);
Console.WriteLine($"mosquitto on 127.0.0.1:{broker.Port}; {count:N0} QoS 1 messages of {payloadSize} B; median of {repeats}; {Environment.ProcessorCount} cores; .NET {Environment.Version}");
Console.WriteLine();
Console.WriteLine("| publisher | window | msg/s | µs/msg | alloc B/msg |");
Console.WriteLine("|---|---:|---:|---:|---:|");

ReadOnlyMemory<byte> payload = Encoding.ASCII.GetBytes(new string('x', payloadSize));
foreach (var window in new[] { 1, 20, 100 })
{
    await using var client = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = $"bench-{window}", MaximumInFlight = Math.Max(window, 1) });
    await client.ConnectAsync();
    await Task.Run(() => PublishAsync(client, payload, Math.Min(count, 5_000), window));
    var runs = new List<(TimeSpan Elapsed, double Allocated)>();
    for (var r = 0; r < repeats; r++)
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        await Task.Run(() => PublishAsync(client, payload, count, window));
        stopwatch.Stop();
        runs.Add((stopwatch.Elapsed, (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)count));
    }

    var median = runs.OrderBy(r => r.Elapsed).ElementAt(runs.Count / 2);
    Report("EdgeTwin.Mqtt", window.ToString(CultureInfo.InvariantCulture), count, median.Elapsed, median.Allocated.ToString("F1", CultureInfo.InvariantCulture));
    await client.DisconnectAsync();
}

var lines = string.Concat(Enumerable.Repeat(new string('x', payloadSize) + "\n", count));
var start = new ProcessStartInfo(Tools.Find("mosquitto_pub")) { UseShellExecute = false, RedirectStandardInput = true };
foreach (var argument in new[] { "-h", "127.0.0.1", "-p", broker.Port.ToString(CultureInfo.InvariantCulture), "-q", "1", "-t", Topic, "-l", "-V", "mqttv5" })
{
    start.ArgumentList.Add(argument);
}

var cliRuns = new List<TimeSpan>();
for (var r = 0; r < repeats; r++)
{
    var cli = Stopwatch.StartNew();
    using (var process = Process.Start(start)!)
    {
        await process.StandardInput.WriteAsync(lines);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto_pub exited with {process.ExitCode}");
        }
    }

    cliRuns.Add(cli.Elapsed);
}

Report("mosquitto_pub -q 1 -l (process start included)", "20 (its default)", count, cliRuns.Order().ElementAt(cliRuns.Count / 2), "n/a");

static async Task PublishAsync(MqttClient client, ReadOnlyMemory<byte> payload, int count, int window)
{
    // An outbox pump: at most `window` publishes awaiting PUBACK, each awaited once in order.
    var pending = new Queue<ValueTask<MqttPublishResult>>(window);
    for (var i = 0; i < count; i++)
    {
        if (pending.Count == window)
        {
            await pending.Dequeue();
        }

#pragma warning disable CA2012 // Held in the window and awaited exactly once.
        pending.Enqueue(client.PublishAsync(Topic, payload));
#pragma warning restore CA2012
    }

    while (pending.Count > 0)
    {
        await pending.Dequeue();
    }
}

static void Report(string publisher, string window, int count, TimeSpan elapsed, string allocation) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {publisher} | {window} | {count / elapsed.TotalSeconds:N0} | {elapsed.TotalMilliseconds * 1000 / count:F1} | {allocation} |"));

internal static partial class Program
{
    private const string Topic = "edgetwin/bench/telemetry";
}
