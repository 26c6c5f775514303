using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Acquisition;
using EdgeTwin.Sync.Alignment;

namespace EdgeTwin.Sync.History;

/// <summary>
/// The last seconds or minutes of every channel in a bounded, preallocated ring per channel: the twin's
/// recent past without a database query. Bus threads append (one lock per channel, nothing allocated);
/// <see cref="TwinHistory"/> reads.
/// </summary>
public sealed class RecentHistory : ISampleSink
{
    /// <summary>A ring never holds more than this, whatever the rate and retention (2^20 samples ≈ 20 MB).</summary>
    public const int MaxSamplesPerChannel = 1 << 20;

    private readonly ChannelRing[] _rings;

    public RecentHistory(IReadOnlyList<HistoryChannel> channels, TimeSpan retention)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        Retention = retention;
        _rings = new ChannelRing[channels.Count];
        for (var i = 0; i < _rings.Length; i++)
        {
            // A quarter more than nominal absorbs rate error and bursts; at least a few samples for slow channels.
            var capacity = Math.Ceiling(channels[i].RateHz * retention.TotalSeconds * 1.25) + 4;
            _rings[i] = new ChannelRing((int)Math.Clamp(capacity, 4, MaxSamplesPerChannel));
        }
    }

    public TimeSpan Retention { get; }

    public int ChannelCount => _rings.Length;

    public void Publish(ReadOnlySpan<Sample> samples)
    {
        foreach (ref readonly var sample in samples)
        {
            if ((uint)sample.Channel < (uint)_rings.Length)
            {
                var ring = _rings[sample.Channel];
                lock (ring.Gate)
                {
                    ring.TryAppend(sample);
                }
            }
        }
    }

    /// <summary>
    /// Finds the samples bracketing <paramref name="timeNs"/> if the ring still covers it (its oldest sample
    /// is at or before the time); false when the time is older than the ring or the ring is empty.
    /// </summary>
    internal bool TryBracket(int channel, long timeNs, out Bracket bracket)
    {
        bracket = default;
        var ring = _rings[channel];
        lock (ring.Gate)
        {
            if (ring.Count == 0 || ring.TimeAt(0) > timeNs)
            {
                return false;
            }

            var prev = ring.FindAtOrBefore(timeNs);
            bracket = new Bracket(true, ring.TimeAt(prev), ring.ValueAt(prev), ring.QualityAt(prev), false, 0, 0, default);
            if (prev + 1 < ring.Count)
            {
                bracket = bracket with { HasNext = true, NextNs = ring.TimeAt(prev + 1), NextValue = ring.ValueAt(prev + 1), NextQuality = ring.QualityAt(prev + 1) };
            }

            return true;
        }
    }
}
