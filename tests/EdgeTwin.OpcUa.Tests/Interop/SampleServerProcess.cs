using System.Diagnostics;
using System.Globalization;

namespace EdgeTwin.OpcUa.Tests.Interop;

/// <summary>The sample server as a real process on a free loopback port; stopped by closing its stdin.</summary>
internal sealed class SampleServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SampleServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Url => "opc.tcp://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    public static async Task<SampleServerProcess> StartAsync(params string[] extraArgs)
    {
        var dll = RepoPaths.SampleServerDll;
        Assert.True(File.Exists(dll), "sample server not built at " + dll);
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--port");
        psi.ArgumentList.Add("0");
        foreach (var a in extraArgs)
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                Assert.Fail("sample server exited: " + await process.StandardError.ReadToEndAsync(timeout.Token));
            }

            if (line.StartsWith("LISTENING ", StringComparison.Ordinal))
            {
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                _ = DrainAsync(process.StandardOutput);
                return new SampleServerProcess(process, int.Parse(line[10..], CultureInfo.InvariantCulture));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is not null)
        {
        }
    }
}
