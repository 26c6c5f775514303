using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Sync.Twin;

/// <summary>The twin's view of one channel: latest value, its timestamp (UTC ns) and quality.</summary>
public readonly record struct TwinValue(double Value, long TimestampNs, Quality Quality);
