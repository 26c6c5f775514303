using System.Globalization;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Storage;
using EdgeTwin.Sync.History;
using EdgeTwin.Sync.Store;

namespace EdgeTwin.Service.Cli;

/// <summary>
/// <c>edgetwin state --at T [--channel path …]</c>: the twin's state at a past time, reconstructed from the store
/// (opened read-only, so it runs beside a live gateway) with the twin's interpolation rules. One line per
/// channel: <c>path=value unit [quality] @sample-time</c>.
/// </summary>
internal static class StateCommand
{
    public static int Run(LoadedConfig loaded, string at, IReadOnlyList<string> channels, TextWriter output)
    {
        var now = new SystemClock().UtcNowNs;
        if (!StateTime.TryParse(at, now, out var timeNs))
        {
            Console.Error.WriteLine($"error: --at must be an ISO 8601 time like 2026-01-31T12:00:00Z, 'now', or an offset back like -30s, -5m, -2h, -1d; got '{at}'");
            return ExitCodes.ConfigurationError;
        }

        var layout = TwinLayout.Channels(loaded.Config);
        var paths = layout.Select(c => c.TwinPath).ToList();
        var ids = new List<int>();
        foreach (var channel in channels.Count == 0 ? paths : channels)
        {
            var id = paths.IndexOf(channel);
            if (id < 0)
            {
                Console.Error.WriteLine($"error: '{channel}' is not a twin path of this configuration; it has {string.Join(", ", paths)}");
                return ExitCodes.ConfigurationError;
            }

            ids.Add(id);
        }

        var settings = loaded.Config.Store;
        try
        {
            using var store = SampleStore.OpenReadOnly(StoreService.StoreOptionsFor(settings), paths);
            var history = new TwinHistory(TwinRuntime.HistoryChannels(layout), recent: null, new StoreHistorySource(store));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# state at {UtcNanoseconds.ToDateTime(timeNs):yyyy-MM-ddTHH:mm:ss.fffZ}"));
            foreach (var id in ids)
            {
                var value = history.StateAt(id, timeNs);
                var line = string.Create(CultureInfo.InvariantCulture, $"{layout[id].TwinPath}={value.Value:0.######} {layout[id].Unit}");
                if (!value.Quality.IsGood)
                {
                    line += $" [{value.Quality}]";
                }

                if (!double.IsNaN(value.Value))
                {
                    line += string.Create(CultureInfo.InvariantCulture, $" @{UtcNanoseconds.ToDateTime(value.TimestampNs):yyyy-MM-ddTHH:mm:ss.fffZ}");
                }

                output.WriteLine(line);
            }

            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is StoreOpenException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
    }
}
