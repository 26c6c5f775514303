using System.Globalization;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Service.Composition;
using EdgeTwin.Sync.Acquisition;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeTwin.Service.Cli;

/// <summary>Lists every configured device and takes one live reading from each, through the normal pipeline.</summary>
internal static class DevicesCommand
{
    public static int Run(LoadedConfig loaded)
    {
        var gateway = GatewayBuilder.Build(loaded.Config, new SystemClock(), NullLoggerFactory.Instance);
        var readings = new LastReadings(gateway.Channels.Count);
        gateway.Pipeline.AddConsumer(readings);
        var failures = 0;
        foreach (var sampler in gateway.Samplers)
        {
            // The same code path as the bus thread: initialize, read, calibrate, publish into the twin.
            sampler.Prepare();
            sampler.ReadAllNow();
        }

        foreach (var (settings, device) in loaded.Config.Devices.Zip(gateway.Devices))
        {
            var address = settings.Type.Bus switch
            {
                Drivers.Devices.BusKind.I2c => $"0x{settings.Address:X2}",
                Drivers.Devices.BusKind.Spi => $"cs{settings.Address}",
                Drivers.Devices.BusKind.Serial => $"{settings.Serial?.BaudRate} baud",
                Drivers.Devices.BusKind.OneWire => settings.SensorId,
                _ => string.Join(",", settings.Lines?.All ?? []),
            };
            Console.WriteLine($"{settings.Name}  {settings.Type.Name} ({settings.Type.Description})  {(loaded.Config.Simulation.Enabled ? "sim:" : "")}{settings.Bus} {address}  {settings.RateHz:0.##} Hz");
            if (device.Statistics.LastError is { } error)
            {
                failures++;
                Console.WriteLine($"    error: {error}");
            }

            foreach (var channel in settings.Channels)
            {
                gateway.Channels.TryGetId(channel.TwinPath, out var id);
                var sample = readings[id];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"    {channel.Name,-12} {channel.TwinPath,-36} {sample.Value,12:0.####} {channel.Unit,-6} {Describe(sample.Quality)}"));
            }
        }

        return failures == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private static string Describe(Quality quality) => quality.IsGood ? "good" : quality.ToString();

    /// <summary>Keeps the sample each channel was last read with, exactly as acquisition produced it.</summary>
    private sealed class LastReadings(int channels) : ISampleSink
    {
        private readonly Sample[] _last = new Sample[channels];

        public Sample this[int channel] => _last[channel];

        public void Publish(ReadOnlySpan<Sample> samples)
        {
            foreach (var sample in samples)
            {
                _last[sample.Channel] = sample;
            }
        }
    }
}
