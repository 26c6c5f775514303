using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Sync.Alignment;

/// <summary>One channel's value in an aligned frame.</summary>
public readonly record struct FrameValue(double Value, Quality Quality);
