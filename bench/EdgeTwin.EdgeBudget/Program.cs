using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

// Measures the standing edge budget of the whole gateway on the simulated plant: time from process start to
// READY=1 (over a real sd_notify socket), CPU share of one core and resident memory while running, and the
// time from SIGTERM to exit. Usage: EdgeTwin.EdgeBudget [seconds] [path/to/edgetwin.dll] [config]
// The gateway runs with the environment systemd/edgetwin.service gives it, as deployed.
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 60;
var root = FindRoot();
var dll = args.Length > 1 ? args[1] : Path.Combine(root, "src", "EdgeTwin.Service", "bin", "Release", "net10.0", "edgetwin.dll");
var config = args.Length > 2 ? args[2] : Path.Combine(root, "config", "edgetwin.json");
if (!File.Exists(dll))
{
    Console.Error.WriteLine($"{dll} not found: build first with `dotnet build -c Release src/EdgeTwin.Service`");
    return 2;
}

var socketPath = Path.Combine(Path.GetTempPath(), $"edgetwin-budget-{Environment.ProcessId}.sock");
File.Delete(socketPath);
using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
notify.Bind(new UnixDomainSocketEndPoint(socketPath));
notify.ReceiveTimeout = 30_000;

// A .dll runs on the shared runtime; anything else is a self-contained executable (publish.sh --rid).
var psi = dll.EndsWith(".dll", StringComparison.Ordinal)
    ? new ProcessStartInfo("dotnet", [dll, "run", "--config", config])
    : new ProcessStartInfo(dll, ["run", "--config", config]);
psi.RedirectStandardOutput = true;
psi.RedirectStandardError = true;
psi.WorkingDirectory = Path.GetTempPath();
psi.Environment["NOTIFY_SOCKET"] = socketPath;
psi.Environment["EDGETWIN_Gateway__StatusLogSeconds"] = "10";
var unitEnvironment = UnitEnvironment.Read(Path.Combine(root, "systemd", "edgetwin.service"));
foreach (var (key, value) in unitEnvironment)
{
    psi.Environment[key] = value;
}

Console.WriteLine($"environment from systemd/edgetwin.service: {string.Join(' ', unitEnvironment.Select(p => $"{p.Key}={p.Value}"))}");

var started = Stopwatch.StartNew();
using var gateway = Process.Start(psi)!;
// The gateway's own status line ("Process cpu …, allocated N KB/s, …"), logged every 10 s.
string? processFigures = null;
gateway.OutputDataReceived += (_, e) =>
{
    var at = e.Data?.IndexOf("Process cpu ", StringComparison.Ordinal) ?? -1;
    if (at >= 0)
    {
        Volatile.Write(ref processFigures, e.Data![(at + "Process ".Length)..]);
    }
};
gateway.ErrorDataReceived += (_, _) => { };
gateway.BeginOutputReadLine();
gateway.BeginErrorReadLine();

var buffer = new byte[4096];
double readyMs;
while (true)
{
    var n = notify.Receive(buffer);
    if (Encoding.UTF8.GetString(buffer, 0, n).Split('\n').Contains("READY=1"))
    {
        readyMs = started.Elapsed.TotalMilliseconds;
        break;
    }
}

// Keep reading notifications, as systemd does: watchdog pings and status lines continue for the whole run.
var stoppingSeen = false;
_ = Task.Run(() =>
{
    var received = new byte[4096];
    try
    {
        while (true)
        {
            var n = notify.Receive(received);
            stoppingSeen |= Encoding.UTF8.GetString(received, 0, n).Contains("STOPPING=1", StringComparison.Ordinal);
        }
    }
    catch (Exception e) when (e is SocketException or ObjectDisposedException)
    {
        // The socket closes when the run ends.
    }
});

// Let tiered JIT settle before measuring the steady state.
Thread.Sleep(5000);
var (cpu0, _) = ReadCpuTicks(gateway.Id);
var wall0 = Stopwatch.GetTimestamp();
long maxRss = 0;
for (var i = 0; i < seconds; i++)
{
    Thread.Sleep(1000);
    maxRss = Math.Max(maxRss, ReadStatusKb(gateway.Id, "VmRSS:"));
}

var (cpu1, threads) = ReadCpuTicks(gateway.Id);
var wall = Stopwatch.GetElapsedTime(wall0).TotalSeconds;
var cpuPercent = (cpu1 - cpu0) / 100.0 / wall * 100;
var hwm = ReadStatusKb(gateway.Id, "VmHWM:");
var (anon, file, shmem) = (ReadStatusKb(gateway.Id, "RssAnon:"), ReadStatusKb(gateway.Id, "RssFile:"), ReadStatusKb(gateway.Id, "RssShmem:"));

var stop = Stopwatch.StartNew();
_ = kill(gateway.Id, 15);
var exited = gateway.WaitForExit(15_000);
var stopMs = stop.Elapsed.TotalMilliseconds;
if (!exited)
{
    gateway.Kill();
    gateway.WaitForExit();
}

File.Delete(socketPath);

Console.WriteLine("| measure | value | budget |");
Console.WriteLine("|---|---|---|");
Console.WriteLine(FormattableString.Invariant($"| start to READY=1 | {readyMs:0} ms | < 1500 ms |"));
Console.WriteLine(FormattableString.Invariant($"| CPU, mean over {seconds} s | {cpuPercent:0.0} % of one core | ≤ 15 % |"));
Console.WriteLine(FormattableString.Invariant($"| RSS, max sampled / peak (VmHWM) | {maxRss / 1024.0:0.0} MB / {hwm / 1024.0:0.0} MB | ≤ 60 MB |"));
Console.WriteLine(FormattableString.Invariant($"| RSS at the end: anonymous / file-backed / shared | {anon / 1024.0:0.0} / {file / 1024.0:0.0} / {shmem / 1024.0:0.0} MB | |"));
Console.WriteLine(FormattableString.Invariant($"| threads | {threads} | |"));
Console.WriteLine($"| the gateway's last status line (10 s) | {Volatile.Read(ref processFigures) ?? "none logged"} | |");
Console.WriteLine(exited
    ? FormattableString.Invariant($"| SIGTERM to exit | {stopMs:0} ms (exit code {gateway.ExitCode}, STOPPING=1 {(stoppingSeen ? "sent" : "not seen")}) | < 5000 ms |")
    : "| SIGTERM to exit | did not exit within 15 s: killed | < 5000 ms |");
return 0;

static (long Ticks, int Threads) ReadCpuTicks(int pid)
{
    // /proc/PID/stat: fields after the command's closing parenthesis; utime and stime are fields 14 and 15.
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture),
        int.Parse(fields[17], CultureInfo.InvariantCulture));
}

static long ReadStatusKb(int pid, string key)
{
    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
    {
        if (line.StartsWith(key, StringComparison.Ordinal))
        {
            return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
    }

    return 0;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "EdgeTwin.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}

[DllImport("libc", SetLastError = true)]
static extern int kill(int pid, int signal);
