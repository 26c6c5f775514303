using System.Globalization;
using EdgeTwin.OpcUa.AddressSpace;
using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Server;
using EdgeTwin.OpcUa.Types;
using Range = EdgeTwin.OpcUa.Types.Range;

// A small server used by the interop tests and as an example of the application API.
// Usage: EdgeTwin.OpcUa.SampleServer [--port N] [--signals N] [--token-lifetime-ms N]
// Prints "LISTENING <port>" once it accepts connections; stops when stdin closes or on Ctrl+C.
var port = IntArg("--port", 4840);
var signals = IntArg("--signals", 100);
var options = new OpcUaServerOptions
{
    Port = port,
    ApplicationUri = "urn:edgetwin:opcua:sample",
    ApplicationName = "EdgeTwin OPC UA Sample Server",
    Users = [UserAccount.Create("operator", "operator-pw", iterations: 10_000, roles: ["operator"])],
    MinTokenLifetimeMs = (uint)IntArg("--min-token-lifetime-ms", 10_000),
};

await using var server = new OpcUaServer(options);
var space = server.AddressSpace;
var demo = space.AddFolder(ServerAddressSpace.ObjectsFolder, "Demo");
var temperature = space.AddAnalogItem(demo.NodeId, "Temperature", new Range { Low = -40, High = 125 },
    new EUInformation { NamespaceUri = "http://www.opcfoundation.org/UA/units/un/cefact", UnitId = 4408652, DisplayName = new LocalizedText("°C"), Description = new LocalizedText("degree Celsius") });
var counter = space.AddVariable(demo.NodeId, "Counter", DataTypeIds.UInt32, new Variant(0u));
space.AddVariable(demo.NodeId, "Setpoint", DataTypeIds.Double, new Variant(20.0), new VariableOptions { Writable = true, WriteRole = "operator", Description = "Only operators may change it" });
space.AddVariable(demo.NodeId, "Note", DataTypeIds.String, new Variant("hello"), new VariableOptions { Writable = true });
space.AddVariable(demo.NodeId, "Samples", DataTypeIds.Double, new Variant(new double[] { 1, 2, 3, 4, 5, 6, 7, 8 }, BuiltInType.Double), new VariableOptions { ValueRank = 1 });
space.AddMethod(demo.NodeId, "Add",
    [new Argument { Name = "a", DataType = DataTypeIds.Double, ValueRank = -1 }, new Argument { Name = "b", DataType = DataTypeIds.Double, ValueRank = -1 }],
    [new Argument { Name = "sum", DataType = DataTypeIds.Double, ValueRank = -1 }],
    (ctx, inputs, outputs) =>
    {
        outputs[0] = new Variant(inputs[0].AsDouble + inputs[1].AsDouble);
        return StatusCode.Good;
    });

var signalFolder = space.AddFolder(demo.NodeId, "Signals");
var signalNodes = new VariableNode[signals];
for (var i = 0; i < signals; i++)
{
    signalNodes[i] = space.AddAnalogItem(signalFolder.NodeId, "Signal" + i.ToString("D3", CultureInfo.InvariantCulture), new Range { Low = -1, High = 1 });
}

await server.StartAsync();
Console.WriteLine("LISTENING " + server.Port.ToString(CultureInfo.InvariantCulture));
Console.Out.Flush();

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
_ = Task.Run(() =>
{
    // The test harness closes stdin to stop us.
    while (Console.In.Read() >= 0)
    {
    }

    stop.Cancel();
});

using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
var tick = 0u;
try
{
    while (await timer.WaitForNextTickAsync(stop.Token))
    {
        tick++;
        var now = DateTime.UtcNow;
        var t = tick * 0.02;
        temperature.SetValue(20 + (5 * Math.Sin(t)), StatusCode.Good, now);
        counter.SetValue(new DataValue(new Variant(tick), StatusCode.Good, now, now));
        for (var i = 0; i < signalNodes.Length; i++)
        {
            signalNodes[i].SetValue(Math.Sin(t + i), StatusCode.Good, now);
        }
    }
}
catch (OperationCanceledException)
{
}

await server.StopAsync();
return 0;

int IntArg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
