using System.Buffers.Binary;
using EdgeTwin.Drivers.Simulation.Buses;
using EdgeTwin.Drivers.Simulation.Plant;
using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Drivers.Devices.Imu.Mpu6050;

/// <summary>
/// Register-level MPU-6050: reset values, WHO_AM_I, the register pointer with auto-increment, sleep after
/// power-on, full-scale range bits, and data registers that latch one consistent sample per burst read.
/// The values come from the plant's housing vibration and winding temperature.
/// </summary>
public sealed class Mpu6050Simulator : II2cTarget
{
    private readonly byte[] _registers = new byte[128];
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

    public void OnWrite(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        _pointer = data[0] & 0x7F;
        foreach (var value in data[1..])
        {
            WriteRegister(_pointer, value);
            _pointer = (_pointer + 1) & 0x7F;
        }
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

        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = _registers[_pointer];
            _pointer = (_pointer + 1) & 0x7F;
        }
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

        _registers[register] = value;
    }

    private void Reset()
    {
        Array.Clear(_registers);
        _registers[(int)Mpu6050Register.PwrMgmt1] = 0x40; // SLEEP after power-on (§4.28)
        _registers[(int)Mpu6050Register.WhoAmI] = _whoAmI;
    }

    private void LatchSample()
    {
        var state = _plant.Observe(_clock.MonotonicNowNs);
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
