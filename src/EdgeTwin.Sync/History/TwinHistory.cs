using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Alignment;
using EdgeTwin.Sync.Twin;

namespace EdgeTwin.Sync.History;

/// <summary>
/// The twin's state at any past time inside retention: from the in-memory rings when they still cover the
/// time, else from the durable store.
/// </summary>
/// <remarks>
/// Reconstruction follows the aligner's rules (Alignment/README.md), so a past state reads like a frame:
/// linear interpolation between the bracketing samples for continuous channels, hold for discrete ones, the
/// last value marked stale when it is older than the channel's max age, Uncertain_SubNormal for a
/// continuous channel with nothing after the time yet, and Bad_NoData when there is nothing at all. The
/// timestamp of each value is the asked time when interpolated, else that of the sample it holds.
/// </remarks>
public sealed class TwinHistory(IReadOnlyList<HistoryChannel> channels, RecentHistory? recent, IHistorySource? durable = null)
{
    private volatile IHistorySource? _durable = durable;

    /// <summary>How far back the store is searched for the sample at or before a time, at most.</summary>
    public static readonly TimeSpan MaxLookback = TimeSpan.FromHours(1);

    private readonly HistoryChannel[] _channels = [.. channels];

    public int ChannelCount => _channels.Length;

    /// <summary>The store behind the rings; set once the gateway's store is open (null: rings only).</summary>
    public IHistorySource? Durable
    {
        get => _durable;
        set => _durable = value;
    }

    /// <summary>The state of every channel at <paramref name="timeNs"/> (UTC ns), in channel-id order.</summary>
    public void StateAt(long timeNs, Span<TwinValue> destination)
    {
        for (var c = 0; c < _channels.Length && c < destination.Length; c++)
        {
            destination[c] = StateAt(c, timeNs);
        }
    }

    public TwinValue StateAt(int channel, long timeNs)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)channel, (uint)_channels.Length, nameof(channel));
        var settings = _channels[channel];
        if (recent is null || channel >= recent.ChannelCount || !recent.TryBracket(channel, timeNs, out var bracket))
        {
            bracket = FromStore(channel, timeNs, settings);
        }

        return Reconstruct(timeNs, settings, bracket);
    }

    internal static TwinValue Reconstruct(long timeNs, HistoryChannel channel, in Bracket b)
    {
        if (!b.HasPrev)
        {
            return new TwinValue(double.NaN, timeNs, HistoryQuality.NoData);
        }

        if (timeNs - b.PrevNs > channel.MaxAgeNs)
        {
            return new TwinValue(b.PrevValue, b.PrevNs, FrameQuality.Worse(Quality.Stale, b.PrevQuality));
        }

        if (channel.Interpolation == Interpolation.Hold || b.PrevNs == timeNs)
        {
            return new TwinValue(b.PrevValue, b.PrevNs, b.PrevQuality);
        }

        if (!b.HasNext || b.NextNs - b.PrevNs > 2 * channel.MaxAgeNs)
        {
            // Nothing after the time yet, or the next sample is beyond a gap: hold, do not draw a line across it.
            return new TwinValue(b.PrevValue, b.PrevNs, FrameQuality.Worse(FrameQuality.SubNormal, b.PrevQuality));
        }

        var fraction = (double)(timeNs - b.PrevNs) / (b.NextNs - b.PrevNs);
        var value = b.PrevValue + ((b.NextValue - b.PrevValue) * fraction);
        return new TwinValue(value, timeNs, FrameQuality.Worse(b.PrevQuality, b.NextQuality));
    }

    private Bracket FromStore(int channel, long timeNs, HistoryChannel settings)
    {
        var durable = _durable;
        if (durable is null)
        {
            return default;
        }

        // A stale value is still reported (with its age), so look back a little beyond the max age.
        var lookbackNs = Math.Min(SaturatingDouble(settings.MaxAgeNs), MaxLookback.Ticks * 100);
        var bracket = default(Bracket);
        foreach (var s in durable.ReadRange(channel, SaturatingSubtract(timeNs, lookbackNs), timeNs))
        {
            bracket = bracket with { HasPrev = true, PrevNs = s.TimestampNs, PrevValue = s.Value, PrevQuality = s.Quality };
        }

        if (bracket.HasPrev && settings.Interpolation == Interpolation.Linear && bracket.PrevNs != timeNs)
        {
            var aheadNs = Math.Min(SaturatingDouble(settings.MaxAgeNs), MaxLookback.Ticks * 100);
            foreach (var s in durable.ReadRange(channel, timeNs + 1, SaturatingAdd(timeNs, aheadNs)))
            {
                bracket = bracket with { HasNext = true, NextNs = s.TimestampNs, NextValue = s.Value, NextQuality = s.Quality };
                break;
            }
        }

        return bracket;
    }

    private static long SaturatingDouble(long value) => value > long.MaxValue / 2 ? long.MaxValue : value * 2;

    private static long SaturatingSubtract(long a, long b) => a < long.MinValue + b ? long.MinValue : a - b;

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
