using BenchmarkDotNet.Running;

if (args is ["latency", ..])
{
    // dotnet run -c Release -- latency [seconds]: real-time input-to-frame latency (not a BenchmarkDotNet job).
    var seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20;
    EdgeTwin.Sync.Benchmarks.LatencyRun.Run(seconds, onePollPerFrame: true);
    EdgeTwin.Sync.Benchmarks.LatencyRun.Run(seconds, onePollPerFrame: false);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
