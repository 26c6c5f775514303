using System.Buffers.Binary;
using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Drivers.Devices.Imu.Mpu6050;

/// <summary>
/// Reads the MPU-6050 through its 1024-byte FIFO, so the chip samples at up to 1 kHz on its own clock while
/// the bus is polled at e.g. 50 Hz. Each frame is the 14-byte accel/temp/gyro block (FIFO_EN = 0xF8), stamped
/// from the FIFO rate: frame k after a reset was sampled at reset + (k+1)·period. The estimate is pulled back
/// whenever the newest frame would lie in the future and forward when it lags by more than one period, which
/// bounds the error by one sample period even with the chip's ±1 % oscillator. An overflow (INT_STATUS
/// FIFO_OFLOW_INT, or a full or misaligned count) is counted and recovered by resetting the FIFO.
/// </summary>
public sealed class Mpu6050Fifo : IBatchedDevice
{
    public const int FrameLength = 14;
    public const int ChannelCount = 7;

    /// <summary>Whole frames that fit in one FIFO: the most one drain can return.</summary>
    public const int MaxFramesPerDrain = Mpu6050FifoRegister.Capacity / FrameLength;

    private readonly II2cDevice _device;
    private readonly IClock _clock;
    private readonly Mpu6050 _chip;
    private readonly byte[] _buffer = new byte[MaxFramesPerDrain * FrameLength];
    private readonly double _accelScale;
    private readonly double _gyroScale;
    private long _anchorNs;
    private long _framesSinceReset;
    private long _lastStampNs = long.MinValue;

    /// <param name="sampleRateHz">1000 divided by 1..250: the 1 kHz internal rate over SMPLRT_DIV + 1 (§4.2).</param>
    public Mpu6050Fifo(II2cDevice device, IClock clock, Mpu6050Options options, int sampleRateHz = 1000)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        if (sampleRateHz is < 4 or > 1000 || 1000 % sampleRateHz != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "FIFO sample rate must be 1000 Hz divided by 1..250 (1000, 500, 250, 200, 125, 100, 50, ...)");
        }

        if (options.DigitalLowPassFilter is 0 or 7)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.DigitalLowPassFilter, "FIFO reading needs the 1 kHz internal rate: DigitalLowPassFilter 1..6");
        }

        _device = device;
        _clock = clock;
        _chip = new Mpu6050(device, options);
        SampleRateHz = sampleRateHz;
        SamplePeriodNs = 1_000_000_000L / sampleRateHz;
        _accelScale = 9.80665 / Mpu6050.AccelLsbPerG(options.AccelRangeG);
        _gyroScale = Math.PI / 180.0 / Mpu6050.GyroLsbPerDps(options.GyroRangeDps);
    }

    public static IReadOnlyList<ChannelDescriptor> ChannelDescriptors => Mpu6050.ChannelDescriptors;

    public IReadOnlyList<ChannelDescriptor> Channels => Mpu6050.ChannelDescriptors;

    public int MaxFramesPerBatch => MaxFramesPerDrain;

    public int SampleRateHz { get; }

    public long SamplePeriodNs { get; }

    /// <summary>FIFO overflows detected since start; each one lost the frames between two drains.</summary>
    public long Overflows { get; private set; }

    public long FramesRead { get; private set; }

    /// <summary>Checks identity, configures ranges and rate, and starts the FIFO with all seven channels.</summary>
    public void Initialize()
    {
        _chip.Initialize();
        WriteRegister(0x19, (byte)(1000 / SampleRateHz - 1)); // SMPLRT_DIV
        WriteRegister(Mpu6050FifoRegister.IntEnable, Mpu6050FifoRegister.FifoOverflowBit);
        WriteRegister(Mpu6050FifoRegister.FifoEn, Mpu6050FifoRegister.AllSensors);
        ResetFifo();
    }

    /// <summary>One fresh sample from the data registers, which keep updating while the FIFO fills (§4.17).</summary>
    public void Read(Span<double> values, Span<Quality> qualities) => _chip.Read(values, qualities);

    public int ReadBatch(Span<long> timestampsNs, Span<double> values, Span<Quality> qualities) => Drain(timestampsNs, values, qualities);

    /// <summary>
    /// Reads the frames waiting in the FIFO (at most as many as the spans hold, and <see cref="MaxFramesPerDrain"/>):
    /// monotonic timestamps, seven values per frame in <see cref="Mpu6050.ChannelDescriptors"/> order, and their
    /// qualities. Returns 0 after an overflow, which resets the FIFO. Does not allocate.
    /// </summary>
    public int Drain(Span<long> timestampsNs, Span<double> values, Span<Quality> qualities)
    {
        Span<byte> status = stackalloc byte[1];
        ReadOnlySpan<byte> intStatus = [Mpu6050FifoRegister.IntStatus];
        _device.WriteRead(intStatus, status);

        Span<byte> countBytes = stackalloc byte[2];
        ReadOnlySpan<byte> fifoCount = [Mpu6050FifoRegister.FifoCountH];
        _device.WriteRead(fifoCount, countBytes);
        var readAtNs = _clock.MonotonicNowNs;
        var count = BinaryPrimitives.ReadUInt16BigEndian(countBytes) & 0x1FFF;

        // A full FIFO has dropped bytes even if the flag was missed; a count that is not whole frames means the
        // drop cut a frame, so nothing in it can be trusted to be aligned.
        if ((status[0] & Mpu6050FifoRegister.FifoOverflowBit) != 0 || count >= Mpu6050FifoRegister.Capacity || count % FrameLength != 0)
        {
            Overflows++;
            ResetFifo();
            return 0;
        }

        var waiting = count / FrameLength;
        Reanchor(readAtNs, waiting);
        var frames = Math.Min(Math.Min(waiting, timestampsNs.Length), Math.Min(values.Length, qualities.Length) / ChannelCount);
        if (frames == 0)
        {
            return 0;
        }

        var raw = _buffer.AsSpan(0, frames * FrameLength);
        ReadOnlySpan<byte> fifoRw = [Mpu6050FifoRegister.FifoRw];
        _device.WriteRead(fifoRw, raw);

        for (var f = 0; f < frames; f++)
        {
            Decode(raw.Slice(f * FrameLength, FrameLength), values.Slice(f * ChannelCount, ChannelCount), qualities.Slice(f * ChannelCount, ChannelCount));
            _framesSinceReset++;
            var stamp = Math.Max(_anchorNs + _framesSinceReset * SamplePeriodNs, _lastStampNs + 1);
            timestampsNs[f] = stamp;
            _lastStampNs = stamp;
        }

        FramesRead += frames;
        return frames;
    }

    /// <summary>Keeps the newest waiting frame's estimated time within one period before the moment of reading.</summary>
    private void Reanchor(long readAtNs, int waiting)
    {
        var newestNs = _anchorNs + (_framesSinceReset + waiting) * SamplePeriodNs;
        if (newestNs > readAtNs)
        {
            _anchorNs -= newestNs - readAtNs;
        }
        else if (readAtNs - newestNs > SamplePeriodNs)
        {
            _anchorNs += readAtNs - newestNs - SamplePeriodNs;
        }
    }

    private void Decode(ReadOnlySpan<byte> frame, Span<double> values, Span<Quality> qualities)
    {
        for (var axis = 0; axis < 3; axis++)
        {
            var a = BinaryPrimitives.ReadInt16BigEndian(frame[(axis * 2)..]);
            values[axis] = a * _accelScale;
            qualities[axis] = a is short.MaxValue or short.MinValue ? Quality.SensorNotAccurate : Quality.Good;

            var g = BinaryPrimitives.ReadInt16BigEndian(frame[(8 + axis * 2)..]);
            values[3 + axis] = g * _gyroScale;
            qualities[3 + axis] = g is short.MaxValue or short.MinValue ? Quality.SensorNotAccurate : Quality.Good;
        }

        values[6] = BinaryPrimitives.ReadInt16BigEndian(frame[6..]) / 340.0 + 36.53;
        qualities[6] = Quality.Good;
    }

    private void ResetFifo()
    {
        WriteRegister(Mpu6050FifoRegister.UserCtrl, Mpu6050FifoRegister.UserCtrlFifoEnable | Mpu6050FifoRegister.UserCtrlFifoReset);
        _anchorNs = _clock.MonotonicNowNs;
        _framesSinceReset = 0;
    }

    private void WriteRegister(int register, byte value)
    {
        ReadOnlySpan<byte> data = [(byte)register, value];
        _device.Write(data);
    }
}
