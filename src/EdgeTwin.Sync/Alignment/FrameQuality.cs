using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Sync.Alignment;

/// <summary>The qualities the aligner gives to values it could not reconstruct from good bracketing samples.</summary>
public static class FrameQuality
{
    /// <summary>
    /// Uncertain_SubNormal (OPC 10000-4 §7.39, 0x40950000): the value was derived from fewer sources than
    /// needed. Used for a continuous channel that had no sample after the frame time when the latency budget
    /// ran out: the value is the last one, held, not interpolated.
    /// </summary>
    public static readonly Quality SubNormal = new(0x40950000);

    /// <summary>Returns <paramref name="other"/> when it is strictly more severe than <paramref name="preferred"/>.</summary>
    public static Quality Worse(Quality preferred, Quality other) => Severity(other) > Severity(preferred) ? other : preferred;

    // OPC 10000-4 §7.39: the top two bits are the severity, 00 good < 01 uncertain < 10/11 bad.
    private static uint Severity(Quality q) => q.IsBad ? 2u : q.IsUncertain ? 1u : 0u;
}
