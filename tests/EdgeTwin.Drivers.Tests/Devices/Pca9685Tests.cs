using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Devices.Probe;
using EdgeTwin.Drivers.Devices.Pwm.Pca9685;
using EdgeTwin.Drivers.Simulation.Buses;

namespace EdgeTwin.Drivers.Tests.Devices;

public sealed class Pca9685Tests
{
    private readonly SimulatedI2cBus _bus = new("sim:i2c-1");
    private readonly Pca9685Simulator _chip = new();

    public Pca9685Tests() => _bus.Attach(0x40, _chip);

    private byte[] ReadRegisters(byte start, int count)
    {
        var buffer = new byte[count];
        _bus.Open(0x40).WriteRead([start], buffer);
        return buffer;
    }

    [Fact]
    public void Reset_values()
    {
        Assert.True(_chip.Sleeping);
        Assert.Equal([0x11], ReadRegisters(0x00, 1));
        Assert.Equal([0x04], ReadRegisters(0x01, 1));
        Assert.Equal([0x1E], ReadRegisters(0xFE, 1));
        Assert.Equal(200, _chip.OutputFrequencyHz, 5.0); // 0x1E → 203 Hz
        _bus.Open(0x40).Write([0x00, 0x21]); // wake with auto-increment to read a block
        Assert.Equal([0, 0, 0, 0x10], ReadRegisters(0x06 + 4 * 15, 4)); // LED15 full off
    }

    [Theory]
    [InlineData(50, 121)]
    [InlineData(60, 101)]
    [InlineData(330, 17)]
    [InlineData(1000, 5)]
    [InlineData(1526, 3)]
    [InlineData(24, 253)]
    public void Prescale_follows_the_datasheet_formula(double hz, int prescale)
    {
        var pwm = new Pca9685(_bus.Open(0x40), hz);
        pwm.Initialize();
        Assert.Equal(prescale, pwm.Prescale);
        Assert.Equal([(byte)prescale], ReadRegisters(0xFE, 1));
        Assert.Equal(hz, _chip.OutputFrequencyHz, hz * 0.03);
        Assert.False(_chip.Sleeping);
        Assert.Equal((prescale + 1) * 4096 / 25e6 * 1e9, pwm.PeriodNs, 1.0);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(2000)]
    [InlineData(0)]
    public void Frequencies_outside_the_prescale_range_are_refused(double hz) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pca9685(_bus.Open(0x40), hz));

    [Fact]
    public void Prescale_is_ignored_while_awake_and_never_below_3()
    {
        var device = _bus.Open(0x40);
        device.Write([0x00, 0x01]); // awake
        device.Write([0xFE, 0x79]);
        Assert.Equal([0x1E], ReadRegisters(0xFE, 1));
        device.Write([0x00, 0x11]); // asleep
        device.Write([0xFE, 0x01]);
        Assert.Equal([0x03], ReadRegisters(0xFE, 1));
    }

    [Fact]
    public void Without_auto_increment_a_burst_writes_one_register()
    {
        var device = _bus.Open(0x40);
        device.Write([0x00, 0x01]); // awake, AI off
        device.Write([0x06, 0x11, 0x22, 0x33]);
        Assert.Equal([0x33], ReadRegisters(0x06, 1));
        Assert.Equal([0x00], ReadRegisters(0x07, 1));
    }

    [Theory]
    [InlineData(0.0, new byte[] { 0, 0, 0, 0x10 })]
    [InlineData(1.0, new byte[] { 0, 0x10, 0, 0 })]
    [InlineData(0.5, new byte[] { 0, 0, 0x00, 0x08 })]
    [InlineData(0.25, new byte[] { 0, 0, 0x00, 0x04 })]
    public void Duty_cycle_maps_to_on_off_counts_with_exact_ends(double duty, byte[] registers)
    {
        var pwm = new Pca9685(_bus.Open(0x40), 1000);
        pwm.Initialize();
        var output = pwm.Channel(3);
        output.SetDutyCycle(duty);
        Assert.Equal(registers, ReadRegisters(0x06 + 4 * 3, 4));
        Assert.Equal(duty, _chip.DutyCycle(3));
        Assert.Equal(duty, output.DutyCycle);
        Assert.Equal(0, _chip.DutyCycle(2));
    }

    [Fact]
    public void Duty_cycle_is_quantised_to_4096_steps()
    {
        var pwm = new Pca9685(_bus.Open(0x40), 1000);
        pwm.Initialize();
        pwm.Channel(0).SetDutyCycle(0.123456);
        Assert.Equal(Math.Round(0.123456 * 4096) / 4096, _chip.DutyCycle(0));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void Impossible_duty_cycles_are_refused(double duty)
    {
        var pwm = new Pca9685(_bus.Open(0x40), 1000);
        Assert.Throws<ArgumentOutOfRangeException>(() => pwm.Channel(0).SetDutyCycle(duty));
        Assert.Throws<ArgumentOutOfRangeException>(() => pwm.Channel(16));
    }

    [Fact]
    public void Sleeping_with_active_outputs_sets_restart_and_initialize_clears_it()
    {
        var pwm = new Pca9685(_bus.Open(0x40), 50);
        pwm.Initialize();
        pwm.Channel(0).SetDutyCycle(0.5);
        _bus.Open(0x40).Write([0x00, 0x31]); // someone puts it to sleep
        Assert.Equal(0x80, ReadRegisters(0x00, 1)[0] & 0x80);
        Assert.Equal(0, _chip.DutyCycle(0));

        pwm.Initialize();
        Assert.Equal(0, ReadRegisters(0x00, 1)[0] & 0x90);
        Assert.Equal(0, _chip.DutyCycle(0)); // initialize turns every output off
    }

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(90, 1500)]
    [InlineData(180, 2000)]
    public void Servo_maps_angle_to_pulse_width(double degrees, double pulseUs)
    {
        var pwm = new Pca9685(_bus.Open(0x40), 50);
        pwm.Initialize();
        var servo = new Servo(pwm.Channel(7));
        servo.SetAngle(degrees);

        // One count at 50 Hz is 4.9 µs.
        var period = pwm.PeriodNs / 1000.0;
        Assert.Equal(pulseUs, _chip.DutyCycle(7) * period, 2.5);
        Assert.Equal(degrees, servo.Angle, 1.0);
    }

    [Fact]
    public void Servo_refuses_angles_outside_its_travel_and_pulses_longer_than_the_period()
    {
        var pwm = new Pca9685(_bus.Open(0x40), 50);
        var servo = new Servo(pwm.Channel(0), 500, 2500, 270);
        Assert.Throws<ArgumentOutOfRangeException>(() => servo.SetAngle(271));
        Assert.Throws<ArgumentOutOfRangeException>(() => servo.SetAngle(double.NaN));
        var fast = new Pca9685(_bus.Open(0x40), 1000);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Servo(fast.Channel(0), 1000, 2000));
    }

    [Fact]
    public void A_nack_surfaces_as_a_bus_exception()
    {
        var pwm = new Pca9685(_bus.Open(0x40), 50);
        pwm.Initialize();
        _bus.InjectFault(0x40, BusFault.Nack);
        Assert.Equal(BusFault.Nack, Assert.Throws<BusException>(() => pwm.Channel(0).SetDutyCycle(0.5)).Fault);
    }

    [Fact]
    public void A_chip_with_reserved_mode_bits_is_refused()
    {
        var pwm = new Pca9685(_bus.Open(0x41), 50);
        _bus.Attach(0x41, new ConstantTarget(0xFF));
        Assert.Contains("do not look like a PCA9685", Assert.Throws<DeviceException>(pwm.Initialize).Message);
    }

    [Fact]
    public void Probe_recognises_it()
    {
        var result = DeviceProbe.Identify(_bus.Open(0x40));
        Assert.Equal("NXP PCA9685 (probable)", result.Chip);
        Assert.Equal("MODE2 (0x01) = 0x04, PRE_SCALE (0xFE) = 0x1E", result.Evidence);
    }

    [Fact]
    public void Setting_a_duty_cycle_allocates_nothing()
    {
        var pwm = new Pca9685(_bus.Open(0x40), 1000);
        pwm.Initialize();
        var output = pwm.Channel(1);
        output.SetDutyCycle(0.1);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            output.SetDutyCycle(i / 1000.0);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private sealed class ConstantTarget(byte value) : II2cTarget
    {
        public void OnWrite(ReadOnlySpan<byte> data)
        {
        }

        public void OnRead(Span<byte> buffer) => buffer.Fill(value);
    }
}
