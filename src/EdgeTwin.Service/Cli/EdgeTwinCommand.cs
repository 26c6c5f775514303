using System.CommandLine;
using EdgeTwin.Service.Configuration;

namespace EdgeTwin.Service.Cli;

/// <summary>The command line: <c>run</c> (default), <c>check-config</c>, <c>devices</c>, and <c>--version</c>.</summary>
internal static class EdgeTwinCommand
{
    public static RootCommand Create()
    {
        var configOption = new Option<string?>("--config", "-c")
        {
            Description = "Configuration file (default: $EDGETWIN_CONFIG, ./config/edgetwin.json, /etc/edgetwin/edgetwin.json, else the built-in simulated plant)",
            Recursive = true,
        };
        var faultOption = new Option<string[]>("--fault")
        {
            Description = "Inject a fault into the simulated plant: bearing-wear=SEVERITY[@ONSET_S] or overheating=SEVERITY[@ONSET_S]",
            AllowMultipleArgumentsPerToken = false,
            Recursive = true,
        };

        var root = new RootCommand("EdgeTwin: an edge gateway that keeps a live digital twin of a machine.");
        root.Options.Add(configOption);
        root.Options.Add(faultOption);

        var run = new Command("run", "Run the gateway (the default command).");
        var check = new Command("check-config", "Validate the configuration and exit: 0 when valid, 2 with one line per problem otherwise.");
        var devices = new Command("devices", "List the configured devices with one live reading each.");
        root.Subcommands.Add(run);
        root.Subcommands.Add(check);
        root.Subcommands.Add(devices);
        root.Subcommands.Add(ScanCommand.Create(configOption));
        root.Subcommands.Add(ProbeCommand.Create(configOption));
        root.Subcommands.Add(HashPasswordCommand.Create());

        var fromOption = new Option<string>("--from") { Description = "Start time, ISO 8601 (e.g. 2026-01-31T12:00:00Z)", Required = true };
        var toOption = new Option<string>("--to") { Description = "End time, ISO 8601, inclusive", Required = true };
        var channelOption = new Option<string[]>("--channel") { Description = "A twin path to export (repeatable; default: all)" };
        var outOption = new Option<string?>("--out") { Description = "CSV file to write (default: standard output)" };
        var export = new Command("export", "Export stored samples as CSV (time_utc,time_ns,channel,value,quality,sequence). Stop the gateway first.");
        export.Options.Add(fromOption);
        export.Options.Add(toOption);
        export.Options.Add(channelOption);
        export.Options.Add(outOption);
        root.Subcommands.Add(export);
        export.SetAction(parse => WithConfig(parse, configOption, faultOption, loaded => Task.FromResult(ExportCommand.Run(
            loaded, parse.GetValue(fromOption)!, parse.GetValue(toOption)!, parse.GetValue(channelOption) ?? [], parse.GetValue(outOption)))).GetAwaiter().GetResult());

        var atOption = new Option<string>("--at") { Description = "Time: ISO 8601 (2026-01-31T12:00:00Z), 'now', or back from now (-30s, -5m, -2h, -1d)", Required = true };
        var stateChannelOption = new Option<string[]>("--channel") { Description = "A twin path to show (repeatable; default: all)" };
        var state = new Command("state", "The twin's state at a past time from the store, interpolated like the live twin; runs beside a live gateway.");
        state.Options.Add(atOption);
        state.Options.Add(stateChannelOption);
        root.Subcommands.Add(state);
        state.SetAction(parse => WithConfig(parse, configOption, faultOption, loaded => Task.FromResult(StateCommand.Run(
            loaded, parse.GetValue(atOption)!, parse.GetValue(stateChannelOption) ?? [], Console.Out))).GetAwaiter().GetResult());

        root.Subcommands.Add(TrainCommand.Create((parse, action) => WithConfig(parse, configOption, faultOption, action)));

        Func<ParseResult, CancellationToken, Task<int>> runAction = (parse, ct) =>
            WithConfig(parse, configOption, faultOption, loaded => GatewayHost.RunAsync(loaded, ct));
        root.SetAction(runAction);
        run.SetAction(runAction);
        check.SetAction(parse => WithConfig(parse, configOption, faultOption, loaded =>
        {
            var c = loaded.Config;
            Console.WriteLine($"{loaded.Source}: valid — gateway '{c.Gateway.Name}', {c.Devices.Count} devices, " +
                $"{c.Devices.Sum(d => d.Channels.Count)} channels, {c.Encoders.Count} derived, {c.Actuators.Count} actuators, " +
                (c.Simulation.Enabled ? "simulated plant" : "real hardware"));
            return Task.FromResult(ExitCodes.Ok);
        }).GetAwaiter().GetResult());
        devices.SetAction(parse => WithConfig(parse, configOption, faultOption, loaded => Task.FromResult(DevicesCommand.Run(loaded))).GetAwaiter().GetResult());
        return root;
    }

    private static async Task<int> WithConfig(ParseResult parse, Option<string?> configOption, Option<string[]> faultOption, Func<LoadedConfig, Task<int>> action)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!FaultSpec.TryParse(parse.GetValue(faultOption) ?? [], overrides, out var faultError))
        {
            await Console.Error.WriteLineAsync($"error: {faultError}").ConfigureAwait(false);
            return ExitCodes.ConfigurationError;
        }

        LoadedConfig loaded;
        try
        {
            var (config, raw, source) = ConfigLoader.Load(parse.GetValue(configOption), overrides);
            loaded = new LoadedConfig(config, raw, source);
        }
        catch (ConfigException ex)
        {
            foreach (var error in ex.Errors)
            {
                await Console.Error.WriteLineAsync($"config error: {error}").ConfigureAwait(false);
            }

            return ExitCodes.ConfigurationError;
        }

        return await action(loaded).ConfigureAwait(false);
    }
}

internal sealed record LoadedConfig(GatewayConfig Config, Microsoft.Extensions.Configuration.IConfiguration Raw, string Source);
