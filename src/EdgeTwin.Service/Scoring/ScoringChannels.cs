using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Sync.Alignment;

namespace EdgeTwin.Service.Scoring;

/// <summary>
/// The aligned channels scoring reads (every feature and trend channel, once) and where each sits in a frame.
/// The gateway and <c>train</c> both build their frames from this, so a model sees the same features in
/// training as in service.
/// </summary>
internal sealed class ScoringChannels
{
    private readonly Dictionary<string, int> _frameIndex = new(StringComparer.Ordinal);

    public ScoringChannels(GatewayConfig config)
    {
        var layout = TwinLayout.Channels(config);
        var paths = config.Scoring.Scores.SelectMany(s => s.Features.Select(f => f.Channel))
            .Concat(config.Scoring.TimeToLimits.Select(t => t.Channel))
            .Distinct(StringComparer.Ordinal);
        var aligned = new List<AlignedChannel>();
        foreach (var path in paths)
        {
            var id = IndexOf(layout, path);
            var channel = layout[id];
            var rate = channel.RateHz > 0 ? channel.RateHz : 1;
            var maxAge = channel.StaleAfterNs == long.MaxValue ? TimeSpan.FromSeconds(10) : TimeSpan.FromTicks(channel.StaleAfterNs / 100);
            _frameIndex[path] = aligned.Count;
            aligned.Add(new AlignedChannel(id, channel.Kind == ChannelKind.Continuous ? Interpolation.Linear : Interpolation.Hold, rate, maxAge));
        }

        Aligned = aligned;
        Layout = layout;
    }

    public IReadOnlyList<AlignedChannel> Aligned { get; }

    public IReadOnlyList<TwinChannel> Layout { get; }

    public int FrameIndex(string path) => _frameIndex[path];

    public int ChannelId(string path) => IndexOf(Layout, path);

    public static AlignerOptions AlignerOptions(GatewayConfig config) => new()
    {
        FrameRateHz = config.Twin.FrameRateHz,
        LatencyBudget = config.Twin.LatencyBudget,
    };

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
