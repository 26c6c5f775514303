using System.Buffers.Binary;
using EdgeTwin.Drivers.Simulation.Buses;
using EdgeTwin.Drivers.Simulation.Plant;
using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Drivers.Devices.Imu.Mpu6050;

/// <summary>
/// Register-level MPU-6050: reset values, WHO_AM_I, the register pointer with auto-increment, sleep after
/// power-on, full-scale range bits, and data registers that latch one consistent sample per burst read.
/// The values come from the plant's housing vibration and winding temperature. A FIFO model (register map
/// §4.7, §4.17, §4.29–4.31) samples at the configured rate whenever the bus touches the chip, so a driver
/// polling it slowly sees exactly the frames, counts and overflows the real part would produce.
/// </summary>
public sealed class Mpu6050Simulator : II2cTarget
{
    private readonly byte[] _registers = new byte[128];
    private readonly Mpu6050FifoModel _fifo = new();
    private readonly AxisPlant _plant;
    private readonly IClock _clock;
    private readonly HousingVibration _vibration;
    private readonly byte _whoAmI;
    private int _pointer;

    public Mpu6050Simulator(AxisPlant plant, IClock clock, int seed, byte whoAmI = Mpu6050.WhoAmI6050)
    {
        _plant = plant;
        _clock = clock;
        _vibration = new HousingVibration(plant.Parameters, seed);
        _whoAmI = whoAmI;
        Reset();
    }

    /// <summary>Forces the accelerometer outputs to this raw value (to test saturation handling); null to release.</summary>
    public short? StuckAccelRaw { get; set; }

    /// <summary>How far the chip's sample clock is off, in percent (positive: fast); the datasheet allows ±1 % with the PLL.</summary>
    public double ClockErrorPercent { get; set; }

    /// <summary>Bytes currently held in the FIFO (for tests; the driver reads FIFO_COUNT).</summary>
    public int FifoCount
    {
        get
        {
            SampleFifo();
            return _fifo.Count;
        }
    }

    public void OnWrite(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        SampleFifo();
        _pointer = data[0] & 0x7F;
        foreach (var value in data[1..])
        {
            WriteRegister(_pointer, value);
            _pointer = (_pointer + 1) & 0x7F;
        }

        // A write that enables the FIFO starts its sample clock now.
        SampleFifo();
    }

    public void OnRead(Span<byte> buffer)
    {
        // A read that starts inside the sensor data block latches a fresh sample first, so a burst read
        // never mixes two samples (§4.17: the data registers are double-buffered).
        if (_pointer >= (int)Mpu6050Register.AccelXoutH && _pointer <= (int)Mpu6050Register.GyroZoutL
            && (_registers[(int)Mpu6050Register.PwrMgmt1] & 0x40) == 0)
        {
            LatchSample();
        }

        SampleFifo();
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = ReadRegister(_pointer);

            // Reads of FIFO_R_W keep the pointer there, so one burst drains consecutive FIFO bytes (§4.31).
            if (_pointer != Mpu6050FifoRegister.FifoRw)
            {
                _pointer = (_pointer + 1) & 0x7F;
            }
        }
    }

    private byte ReadRegister(int register)
    {
        switch (register)
        {
            case Mpu6050FifoRegister.IntStatus:
                // INT_STATUS clears on read (§4.16).
                var status = _registers[register];
                _registers[register] = 0;
                return status;
            case Mpu6050FifoRegister.FifoCountH:
                // The count is latched when its high byte is read, so the pair is consistent.
                var count = _fifo.Count;
                _registers[Mpu6050FifoRegister.FifoCountL] = (byte)count;
                return (byte)(count >> 8);
            case Mpu6050FifoRegister.FifoRw:
                return _fifo.Pop();
            default:
                return _registers[register];
        }
    }

    private void SampleFifo()
    {
        var now = _clock.MonotonicNowNs;
        var running = (_registers[Mpu6050FifoRegister.UserCtrl] & Mpu6050FifoRegister.UserCtrlFifoEnable) != 0
            && (_registers[(int)Mpu6050Register.PwrMgmt1] & 0x40) == 0
            && _registers[Mpu6050FifoRegister.FifoEn] != 0;
        if (!running)
        {
            _fifo.Stop();
            return;
        }

        // Sample rate = gyro output rate / (1 + SMPLRT_DIV), the gyro output rate being 8 kHz with the DLPF
        // off (DLPF_CFG 0 or 7) and 1 kHz otherwise (§4.2).
        var dlpf = _registers[(int)Mpu6050Register.Config] & 0x07;
        var baseNs = dlpf is 0 or 7 ? 125_000L : 1_000_000L;
        var periodNs = (long)Math.Round(baseNs * (1 + _registers[(int)Mpu6050Register.SmplrtDiv]) / (1 + ClockErrorPercent / 100));
        Span<byte> frame = stackalloc byte[14];
        var enabled = _registers[Mpu6050FifoRegister.FifoEn];
        var due = _fifo.TakeDue(now, periodNs, FrameLength(enabled), out var firstNs);
        for (var i = 0; i < due; i++)
        {
            LatchSample(firstNs + i * periodNs);
            var length = BuildFrame(enabled, frame);
            if (!_fifo.Push(frame[..length]) && (_registers[Mpu6050FifoRegister.IntEnable] & Mpu6050FifoRegister.FifoOverflowBit) != 0)
            {
                _registers[Mpu6050FifoRegister.IntStatus] |= Mpu6050FifoRegister.FifoOverflowBit;
            }
        }
    }

    internal static int FrameLength(byte fifoEn) =>
        ((fifoEn & 0x08) != 0 ? 6 : 0) + ((fifoEn & 0x80) != 0 ? 2 : 0) + 2 * System.Numerics.BitOperations.PopCount((uint)(fifoEn & 0x70));

    /// <summary>Frames are written in register order: accel, temperature, gyro X, Y, Z (§4.7).</summary>
    private int BuildFrame(byte enabled, Span<byte> frame)
    {
        var data = _registers.AsSpan((int)Mpu6050Register.AccelXoutH, 14);
        var n = 0;
        if ((enabled & 0x08) != 0)
        {
            data[..6].CopyTo(frame);
            n = 6;
        }

        if ((enabled & 0x80) != 0)
        {
            data.Slice(6, 2).CopyTo(frame[n..]);
            n += 2;
        }

        for (var axis = 0; axis < 3; axis++)
        {
            if ((enabled & (0x40 >> axis)) != 0)
            {
                data.Slice(8 + 2 * axis, 2).CopyTo(frame[n..]);
                n += 2;
            }
        }

        return n;
    }

    private void WriteRegister(int register, byte value)
    {
        if (register == (int)Mpu6050Register.PwrMgmt1 && (value & 0x80) != 0)
        {
            Reset();
            return;
        }

        if (register is >= 0x3B and <= 0x48 || register == (int)Mpu6050Register.WhoAmI)
        {
            return; // read-only
        }

        if (register == Mpu6050FifoRegister.UserCtrl && (value & Mpu6050FifoRegister.UserCtrlFifoReset) != 0)
        {
            // FIFO_RESET clears the buffer and then clears itself (§4.29).
            _fifo.Clear();
            value &= unchecked((byte)~Mpu6050FifoRegister.UserCtrlFifoReset);
        }

        if (register is Mpu6050FifoRegister.IntStatus or Mpu6050FifoRegister.FifoCountH or Mpu6050FifoRegister.FifoCountL)
        {
            return; // read-only
        }

        if (register == Mpu6050FifoRegister.FifoRw)
        {
            return; // writes to the FIFO are for the DMP, which this model does not have
        }

        _registers[register] = value;
    }

    private void Reset()
    {
        Array.Clear(_registers);
        _registers[(int)Mpu6050Register.PwrMgmt1] = 0x40; // SLEEP after power-on (§4.28)
        _registers[(int)Mpu6050Register.WhoAmI] = _whoAmI;
        _fifo.Clear();
        _fifo.Stop();
    }

    private void LatchSample() => LatchSample(_clock.MonotonicNowNs);

    private void LatchSample(long atNs)
    {
        var state = _plant.Observe(atNs);
        Span<double> accel = stackalloc double[3];
        Span<double> gyro = stackalloc double[3];
        _vibration.Measure(state, accel, gyro);

        var accelLsbPerG = Mpu6050.AccelLsbPerG(Mpu6050Options.AccelRanges[(_registers[(int)Mpu6050Register.AccelConfig] >> 3) & 3]);
        var gyroLsbPerDps = Mpu6050.GyroLsbPerDps(Mpu6050Options.GyroRanges[(_registers[(int)Mpu6050Register.GyroConfig] >> 3) & 3]);

        var data = _registers.AsSpan((int)Mpu6050Register.AccelXoutH, 14);
        for (var axis = 0; axis < 3; axis++)
        {
            var a = StuckAccelRaw ?? ToRaw(accel[axis] / HousingVibration.StandardGravity * accelLsbPerG);
            BinaryPrimitives.WriteInt16BigEndian(data[(axis * 2)..], a);
            BinaryPrimitives.WriteInt16BigEndian(data[(8 + axis * 2)..], ToRaw(gyro[axis] * 180 / Math.PI * gyroLsbPerDps));
        }

        // The die sits on the housing, between winding and ambient temperature.
        var ambient = _plant.Parameters.AmbientCelsius;
        var die = ambient + 0.6 * (state.WindingCelsius - ambient);
        BinaryPrimitives.WriteInt16BigEndian(data[6..], ToRaw((die - 36.53) * 340));
    }

    private static short ToRaw(double value) => (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue);
}
