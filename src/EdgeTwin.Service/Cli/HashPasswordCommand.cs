using System.CommandLine;
using System.Globalization;
using EdgeTwin.OpcUa.Server;
using EdgeTwin.Service.Configuration;

namespace EdgeTwin.Service.Cli;

/// <summary>
/// <c>hash-password</c>: reads a password from standard input (so it stays out of the shell history and the
/// process list) and prints the salted PBKDF2-SHA256 hash that <c>OpcUa:Users:&lt;name&gt;</c> takes.
/// </summary>
internal static class HashPasswordCommand
{
    public const int DefaultIterations = 100_000;

    /// <summary>A password longer than this is refused rather than read without bound.</summary>
    public const int MaxPasswordLength = 1024;

    public static Command Create()
    {
        var iterations = new Option<int>("--iterations")
        {
            Description = $"PBKDF2 iterations ({OpcUaSection.MinIterations}–{OpcUaSection.MaxIterations}); each sign-in costs this many",
            DefaultValueFactory = _ => DefaultIterations,
        };
        var command = new Command("hash-password", "Read a password from standard input and print its hash for OpcUa:Users in the configuration.");
        command.Options.Add(iterations);
        command.SetAction(parse => Run(Console.In, Console.Out, Console.Error, parse.GetValue(iterations), !Console.IsInputRedirected));
        return command;
    }

    public static int Run(TextReader input, TextWriter output, TextWriter error, int iterations, bool interactive)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (iterations is < OpcUaSection.MinIterations or > OpcUaSection.MaxIterations)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"error: --iterations must be {OpcUaSection.MinIterations}–{OpcUaSection.MaxIterations}, got {iterations}"));
            return ExitCodes.ConfigurationError;
        }

        if (interactive)
        {
            error.Write("Password (input is echoed; pipe it in to avoid that): ");
        }

        var buffer = new char[MaxPasswordLength + 1];
        var length = 0;
        int c;
        while (length < buffer.Length && (c = input.Read()) >= 0 && c != '\n')
        {
            buffer[length++] = (char)c;
        }

        if (length > 0 && buffer[length - 1] == '\r')
        {
            length--;
        }

        if (length > MaxPasswordLength)
        {
            error.WriteLine($"error: the password is longer than {MaxPasswordLength} characters");
            return ExitCodes.Failure;
        }

        if (length == 0)
        {
            error.WriteLine("error: the password is empty");
            return ExitCodes.Failure;
        }

        var password = new string(buffer, 0, length);
        Array.Clear(buffer);
        output.WriteLine(UserAccount.Create("user", password, iterations).ToHashString());
        return ExitCodes.Ok;
    }
}
