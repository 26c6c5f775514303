using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Sync.Alignment;

namespace EdgeTwin.Service.Scoring;

/// <summary>
/// Where each channel scoring reads (every feature and trend channel) sits in the twin's aligned frames.
/// Scoring has no aligner of its own: in the gateway it reads the twin's frames, and <c>train</c> replays stored
/// samples through an aligner of the same definition (<see cref="TwinRuntime.CreateAligner"/>), so a model sees
/// the same features in training as in service.
/// </summary>
internal sealed class ScoringChannels
{
    private readonly Dictionary<string, int> _frameIndex = new(StringComparer.Ordinal);

    /// <param name="frames">The twin's frame channels, in frame order (<see cref="Aligner.Channels"/>).</param>
    public ScoringChannels(GatewayConfig config, IReadOnlyList<AlignedChannel> frames)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(frames);
        var layout = TwinLayout.Channels(config);
        var indexOfId = new Dictionary<int, int>();
        for (var i = 0; i < frames.Count; i++)
        {
            indexOfId[frames[i].Channel] = i;
        }

        var paths = config.Scoring.Scores.SelectMany(s => s.Features.Select(f => f.Channel))
            .Concat(config.Scoring.TimeToLimits.Select(t => t.Channel))
            .Distinct(StringComparer.Ordinal);
        var used = new List<int>();
        foreach (var path in paths)
        {
            if (!indexOfId.TryGetValue(IndexOf(layout, path), out var index))
            {
                // The configuration reader only admits device, derived and actuator paths, all of which are aligned.
                throw new InvalidOperationException($"scoring channel '{path}' is not part of the twin's aligned frames");
            }

            _frameIndex[path] = index;
            used.Add(frames[index].Channel);
        }

        Layout = layout;
        Used = used;
    }

    public IReadOnlyList<TwinChannel> Layout { get; }

    /// <summary>The twin channel ids scoring reads, once each.</summary>
    public IReadOnlyList<int> Used { get; }

    public int FrameIndex(string path) => _frameIndex[path];

    public int ChannelId(string path) => IndexOf(Layout, path);

    /// <summary>Frames in one window / hop at the twin's frame rate.</summary>
    public static int Frames(TimeSpan span, GatewayConfig config) => Math.Max(1, (int)Math.Round(span.TotalSeconds * config.Twin.FrameRateHz));

    private static int IndexOf(IReadOnlyList<TwinChannel> layout, string path)
    {
        for (var i = 0; i < layout.Count; i++)
        {
            if (layout[i].TwinPath == path)
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"twin channel '{path}' is not in the layout");
    }
}
