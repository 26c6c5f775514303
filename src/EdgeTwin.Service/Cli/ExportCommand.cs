using System.Globalization;
using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Storage;
using EdgeTwin.Sync.Store;

namespace EdgeTwin.Service.Cli;

/// <summary>
/// <c>edgetwin export --from T --to T [--channel path …] [--out file.csv]</c>: stored samples as CSV. Opens the store
/// read-only without its lock, so it runs beside a live gateway and sees what that gateway has committed.
/// </summary>
internal static class ExportCommand
{
    public static int Run(LoadedConfig loaded, string from, string to, IReadOnlyList<string> channels, string? output)
    {
        if (!TryParseTime(from, out var fromNs) || !TryParseTime(to, out var toNs))
        {
            Console.Error.WriteLine($"error: --from and --to must be ISO 8601 times like 2026-01-31T12:00:00Z, got '{from}' and '{to}'");
            return ExitCodes.ConfigurationError;
        }

        if (toNs < fromNs)
        {
            Console.Error.WriteLine("error: --to is before --from");
            return ExitCodes.ConfigurationError;
        }

        var paths = GatewayBuilder.TwinPaths(loaded.Config);
        var ids = new List<int>();
        foreach (var channel in channels.Count == 0 ? paths : channels)
        {
            var id = paths.ToList().IndexOf(channel);
            if (id < 0)
            {
                Console.Error.WriteLine($"error: '{channel}' is not a twin path of this configuration; it has {string.Join(", ", paths)}");
                return ExitCodes.ConfigurationError;
            }

            ids.Add(id);
        }

        var settings = loaded.Config.Store;
        if (!File.Exists(StoreService.StorePath(settings)))
        {
            Console.Error.WriteLine($"error: no store at {StoreService.StorePath(settings)}");
            return ExitCodes.Failure;
        }

        try
        {
            using var store = SampleStore.OpenReadOnly(StoreService.StoreOptionsFor(settings), paths);
            using var destination = output is null ? Console.OpenStandardOutput() : File.Create(output);
            var rows = CsvExport.Write(store, destination, ids, fromNs, toNs);
            if (output is not null)
            {
                Console.Error.WriteLine($"{rows} samples written to {output}");
            }

            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is StoreOpenException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
    }

    private static bool TryParseTime(string text, out long utcNs)
    {
        utcNs = 0;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return false;
        }

        utcNs = (time.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        return true;
    }
}
