using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Sync.Acquisition;
using EdgeTwin.Sync.Uplink;

namespace EdgeTwin.Service.Uplink;

/// <summary>Turns an <see cref="UplinkStatus"/> into one sample per <see cref="UplinkLayout"/> channel and publishes them together.</summary>
internal sealed class UplinkStatusSource
{
    private readonly int[] _ids;
    private readonly Sample[] _samples;
    private readonly ISampleSink _pipeline;
    private readonly IClock _clock;

    private UplinkStatusSource(int[] ids, ISampleSink pipeline, IClock clock)
    {
        _ids = ids;
        _samples = new Sample[ids.Length];
        _pipeline = pipeline;
        _clock = clock;
    }

    /// <summary>Null when the layout holds no uplink channels (uplink disabled).</summary>
    public static UplinkStatusSource? Create(ChannelMap channels, ISampleSink pipeline, IClock clock)
    {
        var ids = new int[UplinkLayout.Metrics.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            if (!channels.TryGetId($"{UplinkLayout.Prefix}/{UplinkLayout.Metrics[i].Name}", out ids[i]))
            {
                return null;
            }
        }

        return new UplinkStatusSource(ids, pipeline, clock);
    }

    public void Publish(in UplinkStatus status)
    {
        var now = _clock.UtcNowNs;
        Span<double> values =
        [
            status.Connected ? 1 : 0,
            status.BacklogSamples,
            status.BacklogBytes,
            status.OldestUnsentAgeSeconds,
            status.EvictedSamples,
            status.PublishRate,
        ];
        for (var i = 0; i < _ids.Length; i++)
        {
            _samples[i] = new Sample(_ids[i], now, values[i], Quality.Good);
        }

        _pipeline.Publish(_samples);
    }
}
