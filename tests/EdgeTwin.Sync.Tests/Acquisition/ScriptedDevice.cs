using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Sync.Tests.Acquisition;

/// <summary>A device whose reading is the clock time of the read, so tests can see exactly when it was read.</summary>
internal sealed class ScriptedDevice(IClock clock, int channels = 1) : ISampledDevice
{
    public List<long> ReadTimes { get; } = [];

    public Func<int, Exception?>? FailRead { get; set; }

    public Exception? FailInitialize { get; set; }

    public int Initializations { get; private set; }

    public IReadOnlyList<ChannelDescriptor> Channels { get; } =
        Enumerable.Range(0, channels).Select(i => new ChannelDescriptor($"c{i}", "u")).ToArray();

    public void Initialize()
    {
        Initializations++;
        if (FailInitialize is not null)
        {
            throw FailInitialize;
        }
    }

    public void Read(Span<double> values, Span<Quality> qualities)
    {
        if (FailRead?.Invoke(ReadTimes.Count) is { } error)
        {
            ReadTimes.Add(clock.MonotonicNowNs);
            throw error;
        }

        ReadTimes.Add(clock.MonotonicNowNs);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = clock.MonotonicNowNs + i;
            qualities[i] = Quality.Good;
        }
    }

    public static BusException Nack() => new(BusFault.Nack, "test-bus", 0x10, "no acknowledge from target");
}
