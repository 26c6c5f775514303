using System.Globalization;
using EdgeTwin.OpcUa.Benchmarks;

// OPC UA benchmarks: EdgeTwin.OpcUa against node-opcua-server, same variables, same lean load client.
//   run   [--seconds N] [--items N] [--sessions N]   all three benchmarks against both servers, with ratios
//   check                                            a short run of each workload against both servers (exit 1 on failure)
//   monitored [--seconds N] [--items N]               the monitored-items workload against our server alone (profiling)
//   serve --port N --signals N --update-ms N          the bench's own server (started by run/check as a child process)
var command = args.Length > 0 ? args[0] : "run";
if (command == "serve")
{
    return await BenchServer.RunAsync(Arg("--port", 4840), Arg("--signals", 100), Arg("--update-ms", 100));
}

if (command == "monitored")
{
    await using var alone = await ServerProcess.StartOursAsync(Arg("--items", 10_000), 100);
    Console.WriteLine($"server pid {alone.Pid}, RSS {alone.RssBytes / 1048576.0:0.0} MB before subscribing");
    var r = await MonitoredItemsLoad.RunAsync(alone, Arg("--items", 10_000), TimeSpan.FromSeconds(Arg("--seconds", 10)), CancellationToken.None);
    Console.WriteLine($"server CPU {r.ServerCpuPercent:0.0} % of one core, create {r.CreateMs:0} ms (first {r.ColdCreateMs:0} ms, delete {r.DeleteMs:0} ms), delivered {r.DeliveredPercent:0.0} %, RSS {r.RssBytes / 1048576.0:0.0} MB, client CPU {r.ClientCpuPercent:0.0} %");
    return 0;
}

var quick = command == "check";
if (!quick && command != "run")
{
    Console.Error.WriteLine("usage: run [--seconds N] [--items N] [--sessions N] | check | monitored [--seconds N] [--items N] | serve --port N --signals N --update-ms N");
    return 2;
}

var seconds = TimeSpan.FromSeconds(quick ? 2 : Arg("--seconds", 10));
var items = quick ? 1_000 : Arg("--items", 10_000);
var sessions = quick ? 10 : Arg("--sessions", 100);
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(quick ? 5 : 30));
var ct = cancel.Token;
var report = new Report();

Console.WriteLine($"# OPC UA bench: {seconds.TotalSeconds:0} s per read run, {items} monitored items, {sessions} sessions, {Environment.ProcessorCount} cores");
await using (var ours = await ServerProcess.StartOursAsync(100, 100))
await using (var node = await ServerProcess.StartNodeOpcUaAsync(100, 100))
{
    foreach (var outstanding in new[] { 1, 8 })
    {
        var a = await ReadThroughput.RunAsync(ours, outstanding, seconds, ct);
        var b = await ReadThroughput.RunAsync(node, outstanding, seconds, ct);
        report.Add($"Read 100 values, {outstanding} outstanding: round trips/s", a.RequestsPerSecond, b.RequestsPerSecond, higherIsBetter: true);
        report.Add($"  server CPU % of one core", a.ServerCpuPercent, b.ServerCpuPercent, higherIsBetter: false);
        report.Add($"  load client CPU % of one core", a.ClientCpuPercent, b.ClientCpuPercent, higherIsBetter: false);
    }

    var sa = await SessionSetup.RunAsync(ours, sessions, ct);
    var sb = await SessionSetup.RunAsync(node, sessions, ct);
    report.Add("Connect+Create+Activate+CloseSession median ms", sa.MedianMs, sb.MedianMs, higherIsBetter: false);
    report.Add("  90th percentile ms", sa.P90Ms, sb.P90Ms, higherIsBetter: false);
}

// One server at a time: each gets both cores' worth of room for the subscription load.
MonitoredItemsLoad.Result ia, ib;
long idleA, idleB;
await using (var ours = await ServerProcess.StartOursAsync(items, 100))
{
    idleA = ours.RssBytes;
    ia = await MonitoredItemsLoad.RunAsync(ours, items, seconds, ct);
}

await using (var node = await ServerProcess.StartNodeOpcUaAsync(items, 100))
{
    idleB = node.RssBytes;
    ib = await MonitoredItemsLoad.RunAsync(node, items, seconds, ct);
}

report.Add($"{items} monitored items @100 ms: server CPU % of one core", ia.ServerCpuPercent, ib.ServerCpuPercent, higherIsBetter: false);
report.Add("  notifications delivered %", ia.DeliveredPercent, ib.DeliveredPercent, higherIsBetter: true);
report.Add("  CreateMonitoredItems (one call) ms", ia.CreateMs, ib.CreateMs, higherIsBetter: false);
report.Add("  same, first call on a cold server ms", ia.ColdCreateMs, ib.ColdCreateMs, higherIsBetter: false);
report.Add("  DeleteSubscriptions of those items ms", ia.DeleteMs, ib.DeleteMs, higherIsBetter: false);
report.Add("  server RSS MB before subscribing", idleA / 1048576.0, idleB / 1048576.0, higherIsBetter: false);
report.Add("  server RSS MB under load", ia.RssBytes / 1048576.0, ib.RssBytes / 1048576.0, higherIsBetter: false);
report.Add("  load client CPU % of one core", ia.ClientCpuPercent, ib.ClientCpuPercent, higherIsBetter: false);
report.Print(Console.Out);
return 0;

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
