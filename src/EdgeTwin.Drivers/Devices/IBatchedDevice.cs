using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Drivers.Devices;

/// <summary>
/// A sensor that samples on its own clock into an on-chip buffer (a FIFO) and is polled far less often than
/// it samples: one bus transaction returns many frames, each stamped from the chip's sample rate.
/// <see cref="ISampledDevice.Read"/> still returns one fresh sample (for a live reading), bypassing the buffer.
/// </summary>
public interface IBatchedDevice : ISampledDevice
{
    /// <summary>The most frames one <see cref="ReadBatch"/> can return: size the caller's buffers with it.</summary>
    int MaxFramesPerBatch { get; }

    /// <summary>Buffer overflows since start; each lost the frames sampled while the buffer was full.</summary>
    long Overflows { get; }

    /// <summary>
    /// Reads the frames waiting in the buffer: CLOCK_MONOTONIC timestamps (strictly increasing across calls),
    /// <see cref="ISampledDevice.Channels"/>.Count values and qualities per frame, frame after frame. After an
    /// overflow the buffer is reset and 0 is returned; <see cref="Overflows"/> tells. Must not allocate.
    /// </summary>
    int ReadBatch(Span<long> timestampsNs, Span<double> values, Span<Quality> qualities);
}
