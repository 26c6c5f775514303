namespace EdgeTwin.Sync.Alignment;

/// <summary>One channel taking part in aligned frames; its position in the list is its index in a frame.</summary>
/// <param name="Channel">The sample channel id (<see cref="Drivers.Samples.Sample.Channel"/>).</param>
/// <param name="Interpolation">Linear for continuous signals, hold for discrete ones.</param>
/// <param name="RateHz">Nominal sampling rate: sizes the ring and is the reference for jitter.</param>
/// <param name="MaxAge">A frame value whose latest sample at or before the frame time is older than this is stale.</param>
/// <param name="EventDriven">Written on change only (a setpoint): its sample time says when it last changed, not how
/// current it is, so it is left out of the frame skew.</param>
public sealed record AlignedChannel(int Channel, Interpolation Interpolation, double RateHz, TimeSpan MaxAge, bool EventDriven = false);
