using System.Runtime.InteropServices;

namespace EdgeTwin.Drivers.Samples;

/// <summary>
/// One measured value of one channel. 24 bytes, passed by value and stored in arrays so the acquisition
/// path never allocates per sample.
/// </summary>
/// <param name="Channel">Dense channel id assigned at configuration time (see <see cref="ChannelMap"/>).</param>
/// <param name="TimestampNs">Nanoseconds since the Unix epoch (UTC), from <see cref="Time.IClock"/>.</param>
/// <param name="Value">The value in engineering units, after calibration.</param>
/// <param name="Quality">OPC UA style status of the value.</param>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct Sample(int Channel, long TimestampNs, double Value, Quality Quality);
