namespace EdgeTwin.Sync.Alignment;

/// <summary>How a channel's value at a frame time is reconstructed from its samples.</summary>
public enum Interpolation
{
    /// <summary>Continuous signal: straight line between the samples either side of the frame time.</summary>
    Linear,

    /// <summary>Discrete signal (switch, mode, count): the last value at or before the frame time.</summary>
    Hold,
}
