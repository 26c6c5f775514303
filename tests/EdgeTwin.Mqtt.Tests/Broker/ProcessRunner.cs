using System.Diagnostics;

namespace EdgeTwin.Mqtt.Tests.Broker;

/// <summary>Runs a short-lived tool with a time limit and returns its output; a failure throws with stderr.</summary>
internal static class ProcessRunner
{
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, string? standardInput = null, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }

        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(fileName)} {string.Join(' ', start.ArgumentList)} did not finish within {timeout ?? TimeSpan.FromSeconds(30)}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }
}
