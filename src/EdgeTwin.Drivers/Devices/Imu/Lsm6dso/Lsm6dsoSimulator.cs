using System.Buffers.Binary;
using EdgeTwin.Drivers.Simulation.Buses;
using EdgeTwin.Drivers.Simulation.Plant;
using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Drivers.Devices.Imu.Lsm6dso;

/// <summary>
/// Register-level LSM6DSO on the motor housing, reachable over I2C or SPI (bit 7 of the first SPI byte set
/// for a read, DS12140 §6.2). Models reset values (CTRL3_C = 0x04: IF_INC), WHO_AM_I, SW_RESET, power-down
/// until an ODR is set, outputs that refresh at the ODR, STATUS_REG data-ready bits cleared by reading the
/// outputs, full-scale codes, and address auto-increment only while IF_INC is set.
/// </summary>
public sealed class Lsm6dsoSimulator : II2cTarget, ISpiTarget
{
    private readonly byte[] _registers = new byte[128];
    private readonly AxisPlant _plant;
    private readonly IClock _clock;
    private readonly HousingVibration _vibration;
    private readonly byte _whoAmI;
    private readonly Lock _lock = new();
    private int _pointer;
    private long _lastSampleNs = long.MinValue;

    public Lsm6dsoSimulator(AxisPlant plant, IClock clock, int seed, byte whoAmI = Lsm6dso.WhoAmIValue)
    {
        _plant = plant;
        _clock = clock;
        _vibration = new HousingVibration(plant.Parameters, seed);
        _whoAmI = whoAmI;
        Reset();
    }

    /// <summary>Forces the accelerometer outputs to this raw value (to test saturation handling); null to release.</summary>
    public short? StuckAccelRaw { get; set; }

    public void OnWrite(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            if (data.IsEmpty)
            {
                return;
            }

            _pointer = data[0] & 0x7F;
            foreach (var value in data[1..])
            {
                WriteRegister(_pointer, value);
                Advance();
            }
        }
    }

    public void OnRead(Span<byte> buffer)
    {
        lock (_lock)
        {
            ReadFromPointer(buffer);
        }
    }

    public void OnTransfer(ReadOnlySpan<byte> mosi, Span<byte> miso)
    {
        lock (_lock)
        {
            miso.Clear();
            if (mosi.IsEmpty)
            {
                return;
            }

            _pointer = mosi[0] & 0x7F;
            if ((mosi[0] & 0x80) != 0)
            {
                ReadFromPointer(miso[1..]);
                return;
            }

            foreach (var value in mosi[1..])
            {
                WriteRegister(_pointer, value);
                Advance();
            }
        }
    }

    private void ReadFromPointer(Span<byte> buffer)
    {
        Refresh();
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = _registers[_pointer];
            if (_pointer is >= (int)Lsm6dsoRegister.OutTempL and <= (int)Lsm6dsoRegister.OutzHA)
            {
                // Reading an output clears its data-ready flag (STATUS_REG §9.26).
                _registers[(int)Lsm6dsoRegister.StatusReg] &= (byte)~(_pointer switch
                {
                    < (int)Lsm6dsoRegister.OutxLG => 0x04,
                    < (int)Lsm6dsoRegister.OutxLA => 0x02,
                    _ => 0x01,
                });
            }

            Advance();
        }
    }

    private void Advance()
    {
        if ((_registers[(int)Lsm6dsoRegister.Ctrl3C] & 0x04) != 0)
        {
            _pointer = (_pointer + 1) & 0x7F;
        }
    }

    private void WriteRegister(int register, byte value)
    {
        if (register == (int)Lsm6dsoRegister.Ctrl3C && (value & 0x01) != 0)
        {
            Reset(); // SW_RESET restores every control register's default and clears itself.
            return;
        }

        if (register is (int)Lsm6dsoRegister.WhoAmI or (int)Lsm6dsoRegister.StatusReg
            || register is >= (int)Lsm6dsoRegister.OutTempL and <= (int)Lsm6dsoRegister.OutzHA)
        {
            return; // read-only
        }

        _registers[register] = value;
    }

    private void Reset()
    {
        Array.Clear(_registers);
        _registers[(int)Lsm6dsoRegister.WhoAmI] = _whoAmI;
        _registers[(int)Lsm6dsoRegister.Ctrl3C] = 0x04;
        _lastSampleNs = long.MinValue;
    }

    /// <summary>Latches a new sample when one ODR period has passed; in power-down the outputs keep their value.</summary>
    private void Refresh()
    {
        var odr = Lsm6dsoScale.OdrHz(_registers[(int)Lsm6dsoRegister.Ctrl1Xl] >> 4);
        if (odr == 0)
        {
            return;
        }

        var now = _clock.MonotonicNowNs;
        var periodNs = (long)(1e9 / odr);
        if (_lastSampleNs != long.MinValue && now - _lastSampleNs < periodNs)
        {
            return;
        }

        _lastSampleNs = now;
        var state = _plant.Observe(now);
        Span<double> accel = stackalloc double[3];
        Span<double> gyro = stackalloc double[3];
        _vibration.Measure(state, accel, gyro);

        var accelLsbPerG = 1000 / Lsm6dsoScale.AccelMgPerLsb(Lsm6dsoScale.AccelRange(_registers[(int)Lsm6dsoRegister.Ctrl1Xl] >> 2));
        var gyroLsbPerDps = 1000 / Lsm6dsoScale.GyroMdpsPerLsb(Lsm6dsoScale.GyroRange(_registers[(int)Lsm6dsoRegister.Ctrl2G]));
        var data = _registers.AsSpan((int)Lsm6dsoRegister.OutTempL, 14);
        for (var axis = 0; axis < 3; axis++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(data[(2 + axis * 2)..], ToRaw(gyro[axis] * 180 / Math.PI * gyroLsbPerDps));
            BinaryPrimitives.WriteInt16LittleEndian(data[(8 + axis * 2)..], StuckAccelRaw ?? ToRaw(accel[axis] / HousingVibration.StandardGravity * accelLsbPerG));
        }

        var ambient = _plant.Parameters.AmbientCelsius;
        var die = ambient + 0.6 * (state.WindingCelsius - ambient);
        BinaryPrimitives.WriteInt16LittleEndian(data, ToRaw((die - 25) * 256));
        _registers[(int)Lsm6dsoRegister.StatusReg] = 0x07;
    }

    private static short ToRaw(double value) => (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue);
}
