using EdgeTwin.Drivers.Devices;

namespace EdgeTwin.Sync.Acquisition;

/// <summary>
/// A configured device ready to be sampled: its driver, its rate, and how each of its channels maps onto the
/// twin (channel id, unit conversion, plausible range). A channel with id −1 is read but not published.
/// </summary>
public sealed record SampledDevice(
    string Name,
    ISampledDevice Driver,
    double RateHz,
    int[] ChannelIds,
    UnitConversion[] Conversions,
    ValueRange[] Ranges,
    Calibration? Calibration)
{
    public DeviceStatistics Statistics { get; } = new();

    /// <summary>
    /// How often the bus is read when the driver is an <see cref="IBatchedDevice"/> (it samples at
    /// <see cref="RateHz"/> on its own); null reads once per sample.
    /// </summary>
    public double? PollRateHz { get; init; }

    /// <summary>The bus read period: one sample, or one batch for a batched device.</summary>
    public long PeriodNs => (long)Math.Round(1e9 / (PollRateHz ?? RateHz));
}

/// <summary>The range a channel's value is expected in; outside it the sample is marked uncertain.</summary>
public readonly record struct ValueRange(double Min, double Max)
{
    public static readonly ValueRange Unbounded = new(double.NegativeInfinity, double.PositiveInfinity);

    public bool Contains(double value) => value >= Min && value <= Max;
}
