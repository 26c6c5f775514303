namespace EdgeTwin.Sync.Scoring;

/// <summary>What one feature summarizes of one channel over a window.</summary>
public enum FeatureStatistic
{
    Mean,

    /// <summary>Sample standard deviation: vibration energy around the mean (gravity and offsets removed).</summary>
    StdDev,

    /// <summary>Root mean square of the values themselves.</summary>
    Rms,
    Min,
    Max,
    PeakToPeak,
}

/// <summary>One model input: a statistic of one frame channel, normalized to a z-score with the training mean and spread.</summary>
/// <param name="FrameIndex">The channel's index in the aligner's frames.</param>
/// <param name="StdDev">Training spread; must be positive.</param>
public readonly record struct FeatureSpec(int FrameIndex, FeatureStatistic Statistic, double Mean, double StdDev);
