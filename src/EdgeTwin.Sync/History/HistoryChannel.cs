using EdgeTwin.Sync.Alignment;

namespace EdgeTwin.Sync.History;

/// <summary>How one channel's past is kept and reconstructed.</summary>
/// <param name="Interpolation">Linear for continuous signals, hold for discrete ones.</param>
/// <param name="RateHz">Nominal sample rate: sizes the in-memory ring.</param>
/// <param name="MaxAgeNs">A value whose newest sample at or before the asked time is older than this is stale.</param>
public readonly record struct HistoryChannel(Interpolation Interpolation, double RateHz, long MaxAgeNs);
