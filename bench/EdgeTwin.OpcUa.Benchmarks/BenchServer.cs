using System.Globalization;
using EdgeTwin.OpcUa.AddressSpace;
using EdgeTwin.OpcUa.Server;
using Range = EdgeTwin.OpcUa.Types.Range;

namespace EdgeTwin.OpcUa.Benchmarks;

/// <summary>
/// The server under test, run as its own process so its CPU and memory are measured alone:
/// Objects/Demo/Signals/SignalNNN, Double AnalogItems with EURange -1..1 (ns=1;s=Demo/Signals/SignalNNN),
/// every value changed each update period. node-server.js serves the same variables with node-opcua-server.
/// </summary>
internal static class BenchServer
{
    public static async Task<int> RunAsync(int port, int signals, int updateMs)
    {
        var options = new OpcUaServerOptions
        {
            Port = port,
            ApplicationUri = "urn:edgetwin:opcua:bench",
            ApplicationName = "EdgeTwin OPC UA bench server",
        };
        await using var server = new OpcUaServer(options);
        var space = server.AddressSpace;
        var demo = space.AddFolder(ServerAddressSpace.ObjectsFolder, "Demo");
        var folder = space.AddFolder(demo.NodeId, "Signals");
        var nodes = new VariableNode[signals];
        for (var i = 0; i < signals; i++)
        {
            nodes[i] = space.AddAnalogItem(folder.NodeId, SignalName(i), new Range { Low = -1, High = 1 });
            nodes[i].SetValue(0.0, StatusCode.Good, DateTime.UtcNow);
        }

        await server.StartAsync();
        Console.WriteLine("LISTENING " + server.Port.ToString(CultureInfo.InvariantCulture));
        Console.Out.Flush();

        using var stop = new CancellationTokenSource();
        _ = Task.Run(() =>
        {
            // The bench closes our stdin to stop us.
            while (Console.In.Read() >= 0)
            {
            }

            stop.Cancel();
        });

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(updateMs));
        var tick = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                tick++;
                var now = DateTime.UtcNow;
                for (var i = 0; i < nodes.Length; i++)
                {
                    nodes[i].SetValue(Math.Sin((tick * 0.1) + i), StatusCode.Good, now);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        await server.StopAsync();
        return 0;
    }

    public static string SignalName(int i) => "Signal" + i.ToString("D3", CultureInfo.InvariantCulture);

    public static NodeId SignalNodeId(int i) => new("Demo/Signals/" + SignalName(i), 1);
}
