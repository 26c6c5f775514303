namespace EdgeTwin.Service.Composition;

/// <summary>How a twin channel is reconstructed between samples, in frames and in history.</summary>
public enum ChannelKind
{
    /// <summary>A physical quantity: interpolated linearly between samples.</summary>
    Continuous,

    /// <summary>A count, switch or setpoint: the last value holds until the next.</summary>
    Discrete,

    /// <summary>The gateway's own sync and clock health: held in history, never part of aligned frames.</summary>
    Health,
}
