using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EdgeTwin.Drivers.Tests.Linux;

public enum TargetAbi
{
    X64,
    Arm64,
    Arm32,
}

/// <summary>
/// Asks a C compiler what the kernel headers say: each expression becomes an element of a const array, the
/// file is compiled to assembly (no linking, so no target libc is needed) and the array's data directives are
/// read back. x86-64 uses gcc with the installed linux-libc-dev and glibc headers; arm64 and 32-bit ARM use
/// clang's cross targets on the same architecture-independent uapi headers with &lt;asm/...&gt; pointed at
/// &lt;asm-generic/...&gt;, which is what both ARM architectures use for the headers involved.
/// </summary>
internal static partial class CHeaderProbe
{
    public static IReadOnlyDictionary<string, long> Evaluate(
        TargetAbi abi, IReadOnlyList<string> includes, IReadOnlyList<(string Key, string Expression)> items)
    {
        var work = Path.Combine(Path.GetTempPath(), "edgetwin-cprobe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var source = new StringBuilder();
            foreach (var include in includes)
            {
                source.Append(CultureInfo.InvariantCulture, $"#include <{include}>\n");
            }

            // +1 keeps every element non-zero, so the compiler never folds a run of zeros into ".zero N".
            source.Append("const unsigned int edgetwin_probe[] = {\n");
            foreach (var (_, expression) in items)
            {
                source.Append(CultureInfo.InvariantCulture, $"  (unsigned int)({expression}) + 1u,\n");
            }

            source.Append("};\n");
            var cFile = Path.Combine(work, "probe.c");
            File.WriteAllText(cFile, source.ToString());

            var (compiler, arguments) = Command(abi, work);
            var output = Run(compiler, $"{arguments} -S -O0 -o - {cFile}");
            var values = DataDirective().Matches(output).Select(m => unchecked((uint)long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))).ToList();
            if (values.Count != items.Count)
            {
                throw new InvalidOperationException($"expected {items.Count} values from {compiler}, parsed {values.Count}:\n{output}");
            }

            var result = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var i = 0; i < items.Count; i++)
            {
                result[items[i].Key] = values[i] - 1u;
            }

            return result;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static (string Compiler, string Arguments) Command(TargetAbi abi, string work)
    {
        if (abi == TargetAbi.X64)
        {
            return (Require("gcc"), "");
        }

        var shim = Path.Combine(work, "shim", "asm");
        Directory.CreateDirectory(shim);
        foreach (var header in new[] { "ioctl", "types", "bitsperlong", "posix_types", "int-ll64" })
        {
            File.WriteAllText(Path.Combine(shim, header + ".h"), $"#include <asm-generic/{header}.h>\n");
        }

        var target = abi == TargetAbi.Arm64 ? "aarch64-linux-gnu" : "armv7a-linux-gnueabihf";
        return (Require("clang-14", "clang"), $"--target={target} -nostdinc -isystem {Path.Combine(work, "shim")} -isystem /usr/include");
    }

    private static string Require(params string[] names)
    {
        foreach (var name in names)
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException($"{string.Join(" or ", names)} not found on PATH: run {RepoRoot.SetupScript}");
    }

    private static string Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish in 60 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {arguments} failed ({process.ExitCode}); is linux-libc-dev installed? run {RepoRoot.SetupScript}\n{stderr.Result}");
        }

        return stdout.Result;
    }

    // 32-bit elements: ".long 17" (gcc x86-64, clang ARM), ".word 17" (clang aarch64); gcc prints them signed.
    [GeneratedRegex(@"^\s*\.(?:long|word|4byte)\s+(-?\d+)", RegexOptions.Multiline)]
    private static partial Regex DataDirective();
}
