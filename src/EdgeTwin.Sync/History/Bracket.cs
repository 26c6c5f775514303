using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Sync.History;

/// <summary>The newest sample at or before a time (prev) and the oldest after it (next), either possibly absent.</summary>
internal readonly record struct Bracket(
    bool HasPrev, long PrevNs, double PrevValue, Quality PrevQuality,
    bool HasNext, long NextNs, double NextValue, Quality NextQuality);
