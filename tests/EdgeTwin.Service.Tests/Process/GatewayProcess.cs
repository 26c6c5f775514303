using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace EdgeTwin.Service.Tests.Process;

/// <summary>The real gateway as a child process (<c>dotnet edgetwin.dll …</c>), with its output captured.</summary>
internal sealed partial class GatewayProcess : IDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private string? _ownedStateDirectory;

    private GatewayProcess(System.Diagnostics.Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Stdout
    {
        get { lock (_stdout) { return _stdout.ToString(); } }
    }

    public string Stderr
    {
        get { lock (_stderr) { return _stderr.ToString(); } }
    }

    public static GatewayProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? executable = null)
    {
        var psi = executable is null
            ? new ProcessStartInfo("dotnet") { ArgumentList = { RepositoryPaths.GatewayDll } }
            : new ProcessStartInfo(executable);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.WorkingDirectory = Path.GetTempPath();
        foreach (var name in new[] { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM", "EDGETWIN_CONFIG" })
        {
            psi.Environment.Remove(name);
        }

        // Each gateway gets its own state directory (its store), and no uplink unless the test asks for one:
        // a broker that happens to listen on localhost:1883 must not change what a test sees. No OPC UA server either
        // unless asked: parallel gateways would all want port 4840.
        var stateDirectory = Path.Combine(Path.GetTempPath(), "edgetwin-state-" + Guid.NewGuid().ToString("N")[..12]);
        psi.Environment["EDGETWIN_Gateway__StateDirectory"] = stateDirectory;
        psi.Environment["EDGETWIN_Uplink__Enabled"] = "false";
        psi.Environment["EDGETWIN_OpcUa__Enabled"] = "false";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        return new GatewayProcess(System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException("the gateway did not start"))
        {
            _ownedStateDirectory = psi.Environment["EDGETWIN_Gateway__StateDirectory"] == stateDirectory ? stateDirectory : null,
        };
    }

    /// <summary>Runs a short command to completion and returns its exit code.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? executable = null)
    {
        using var process = Start(args, environment, executable);
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException($"'{string.Join(' ', args)}' did not finish in 60 s");
        }

        return (process.ExitCode, process.Stdout, process.Stderr);
    }

    public int ExitCode => _process.ExitCode;

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit(); // drains the asynchronous output readers
        return true;
    }

    public bool WaitForOutput(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Stdout.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            Thread.Sleep(50);
        }

        return false;
    }

    public void Terminate() => Assert.Equal(0, kill(_process.Id, 15));

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        if (_ownedStateDirectory is not null && Directory.Exists(_ownedStateDirectory))
        {
            Directory.Delete(_ownedStateDirectory, recursive: true);
        }
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.AppendLine(line);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
