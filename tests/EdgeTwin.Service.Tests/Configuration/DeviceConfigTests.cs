using System.Buffers.Binary;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Devices.Encoders.Quadrature;
using EdgeTwin.Drivers.Devices.Imu.Mpu6050;
using EdgeTwin.Drivers.Linux.OneWire;
using EdgeTwin.Drivers.Linux.Serial;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Sync.Acquisition;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeTwin.Service.Tests.Configuration;

/// <summary>
/// The device types and actuators added for issue 5, from a configuration file to samples in the twin: the
/// serial IMU on a real pty, and the FIFO IMU, quadrature encoder, DS18B20 and PCA9685 on the simulated plant.
/// </summary>
public sealed class DeviceConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_serial_imu_configured_on_a_pty_delivers_its_lines_and_counts_garbage()
    {
        using var pty = new PtyPair();
        var config = Load($$"""
            "Simulation": { "Enabled": false },
            "Devices": { "imu": { "Type": "serial-imu", "Bus": "{{pty.SlavePath}}", "BaudRate": 57600, "Parity": "even", "RateHz": 50,
              "Channels": { "accel_z": { "TwinPath": "imu/z", "Unit": "g" }, "gyro_x": { "TwinPath": "imu/gx" } } } }
            """);
        var device = Assert.Single(config.Devices);
        Assert.Equal(57600, device.Serial!.BaudRate);
        Assert.Equal(SerialParity.Even, device.Serial.Parity);

        var gateway = GatewayBuilder.Build(config, new SystemClock(), NullLoggerFactory.Instance);
        var sink = new Recorder();
        gateway.Pipeline.AddConsumer(sink);
        var sensor = Assert.IsType<SerialLineSensor>(gateway.Devices[0].Driver);
        var sampler = Assert.Single(gateway.Samplers);
        sampler.Start();
        try
        {
            // The first line is dropped on purpose (the port may open mid-line); then garbage, then real data.
            pty.Write("ignored,first,line\n");
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < deadline && sensor.LinesParsed < 20)
            {
                pty.Write("0.1,0.2,9.80665,0.5,0.6,0.7\n");
                pty.Write("garbage \x01\x02 line\n");
                Thread.Sleep(10);
            }
        }
        finally
        {
            sampler.Stop();
        }

        Assert.True(sensor.LinesParsed >= 20, $"parsed {sensor.LinesParsed} lines");
        Assert.True(sensor.GarbageLines >= 10, $"garbage {sensor.GarbageLines}");
        gateway.Channels.TryGetId("imu/z", out var z);
        gateway.Channels.TryGetId("imu/gx", out var gx);
        var good = sink.Where(s => s.Channel == z && s.Quality.IsGood).ToList();
        Assert.NotEmpty(good);
        Assert.All(good, s => Assert.Equal(1.0, s.Value, 9));
        Assert.Contains(sink.Where(s => s.Channel == gx), s => s.Quality.IsGood && s.Value == 0.5);
    }

    [Fact]
    public void A_serial_port_that_does_not_exist_is_named_when_the_gateway_is_built()
    {
        var config = Load("""
            "Simulation": { "Enabled": false },
            "Devices": { "imu": { "Type": "serial-imu", "Bus": "/dev/ttyEDGETWIN9", "Channels": { "accel_x": { "TwinPath": "imu/x" } } } }
            """);
        var error = Assert.ThrowsAny<IOException>(() => GatewayBuilder.Build(config, new SystemClock(), NullLoggerFactory.Instance));
        Assert.Contains("/dev/ttyEDGETWIN9", error.Message, StringComparison.Ordinal);
        Assert.Contains("enable_uart=1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fifo_option_builds_a_batched_imu_polled_at_its_own_rate()
    {
        var config = Load("""
            "Devices": { "imu": { "Type": "mpu6050", "Bus": "i2c-1", "Address": "0x68", "RateHz": 500,
              "Options": { "FifoPollHz": 25 }, "Channels": { "accel_x": { "TwinPath": "imu/x" } } } }
            """);
        Assert.Equal(25, config.Devices[0].PollRateHz);
        var clock = new StepClock();
        var gateway = GatewayBuilder.Build(config, clock, NullLoggerFactory.Instance);
        var fifo = Assert.IsType<Mpu6050Fifo>(gateway.Devices[0].Driver);
        Assert.Equal(500, fifo.SampleRateHz);
        Assert.Equal(40_000_000, gateway.Devices[0].PeriodNs);

        var sink = new Recorder();
        gateway.Pipeline.AddConsumer(sink);
        var sampler = Assert.Single(gateway.Samplers);
        sampler.Prepare();
        var start = clock.MonotonicNowNs;
        while (clock.MonotonicNowNs < start + 1_000_000_000)
        {
            sampler.Step();
        }

        Assert.InRange(gateway.Devices[0].Statistics.Reads, 24, 26);
        Assert.InRange(sink.Count, 500 - 21, 500);
        Assert.All(sink.Zip(sink.Skip(1)), p => Assert.Equal(2_000_000, p.Second.TimestampNs - p.First.TimestampNs));
    }

    [Fact]
    public void A_quadrature_encoder_from_configuration_counts_the_simulated_shaft()
    {
        var config = Load("""
            "Devices": { "encoder": { "Type": "quadrature", "Bus": "gpiochip0", "RateHz": 1000,
              "Lines": { "A": "GPIO23", "B": "GPIO24", "Index": "GPIO25" }, "Options": { "LinesPerRevolution": 256 },
              "Channels": { "count": { "TwinPath": "axis/count" }, "index_pulses": { "TwinPath": "axis/index" },
                            "illegal_transitions": { "TwinPath": "axis/illegal" } } } },
            "Derived": { "kin": { "Type": "encoder", "Source": "axis/count", "CountsPerRevolution": 1024, "Position": "axis/position", "Velocity": "axis/velocity" } }
            """);
        Assert.Equal(new GpioLineNames("GPIO23", "GPIO24", "GPIO25"), config.Devices[0].Lines);
        var clock = new StepClock();
        var gateway = GatewayBuilder.Build(config, clock, NullLoggerFactory.Instance);
        var encoder = gateway.Plant!.Endpoint<QuadratureSimulator>("gpiochip0/GPIO23")!;
        var sink = new Recorder();
        gateway.Pipeline.AddConsumer(sink);
        var sampler = Assert.Single(gateway.Samplers);
        sampler.Prepare();
        gateway.Plant.Axis.CommandSpeed(600);
        var start = clock.MonotonicNowNs;
        while (clock.MonotonicNowNs < start + 3_000_000_000)
        {
            sampler.Step();
        }

        gateway.Channels.TryGetId("axis/count", out var count);
        gateway.Channels.TryGetId("axis/index", out var index);
        gateway.Channels.TryGetId("axis/illegal", out var illegal);
        var last = sink.Last(s => s.Channel == count);
        Assert.True(last.Quality.IsGood);
        Assert.InRange(encoder.TrueCount - last.Value, 0, 1024 * 10 / 1000.0 * 2); // at most ~1 ms of shaft motion behind
        Assert.True(last.Value > 1024, $"count {last.Value}: the shaft should have turned more than once");
        Assert.InRange(sink.Last(s => s.Channel == index).Value, Math.Floor(last.Value / 1024) - 1, Math.Floor(last.Value / 1024) + 1);
        Assert.Equal(0, sink.Last(s => s.Channel == illegal).Value);
    }

    [Fact]
    public void A_ds18b20_from_configuration_reads_the_simulated_housing()
    {
        var config = Load("""
            "Devices": { "housing": { "Type": "ds18b20", "SensorId": "28-0316a2794aff", "RateHz": 1,
              "Channels": { "temperature": { "TwinPath": "housing/temperature" } } } }
            """);
        Assert.Equal("w1", config.Devices[0].Bus);
        var clock = new StepClock();
        var gateway = GatewayBuilder.Build(config, clock, NullLoggerFactory.Instance);
        var sink = new Recorder();
        gateway.Pipeline.AddConsumer(sink);
        var sampler = Assert.Single(gateway.Samplers);
        sampler.Prepare();
        sampler.ReadAllNow();
        var sample = Assert.Single(sink);
        Assert.True(sample.Quality.IsGood, sample.Quality.ToString());
        Assert.InRange(sample.Value, config.Simulation.Plant.AmbientCelsius - 1, config.Simulation.Plant.AmbientCelsius + 5);
        Assert.Equal(0, sample.Value * 16 % 1, 9); // 12-bit resolution: 1/16 °C steps

        gateway.Plant!.Endpoint<Ds18b20Simulator>("28-0316a2794aff")!.CorruptCrc = true;
        sampler.ReadAllNow();
        Assert.Equal(Quality.CommunicationError, sink[^1].Quality);
    }

    [Fact]
    public void Servo_and_pwm_actuators_drive_a_simulated_pca9685_through_the_i2c_bus()
    {
        var config = Load("""
            "Devices": { "winding": { "Type": "mcp9808", "Bus": "i2c-1", "Address": "0x18", "Channels": { "temperature": { "TwinPath": "t" } } } },
            "Actuators": {
              "gripper": { "Type": "servo", "Output": "i2c-1/0x40/0", "FrequencyHz": 50, "MinPulseUs": 1000, "MaxPulseUs": 2000, "TravelDegrees": 180, "Initial": 90, "Safe": 90, "TwinPath": "gripper/angle" },
              "fan": { "Type": "pwm", "Output": "i2c-1/0x40/5", "FrequencyHz": 50, "TwinPath": "fan/duty" } }
            """);
        Assert.Equal(ActuatorKind.Servo, config.Actuators.Single(a => a.Name == "gripper").Kind);
        Assert.Equal(new Pca9685Output("i2c-1", 0x40, 5, 50, 0, 0, 0), config.Actuators.Single(a => a.Name == "fan").Pca9685);
        var gateway = GatewayBuilder.Build(config, new StepClock(), NullLoggerFactory.Instance);
        var sink = new Recorder();
        gateway.Pipeline.AddConsumer(sink);

        gateway.Actuators["gripper"].Write(90);
        gateway.Actuators["fan"].Write(25);
        gateway.Actuators["gripper"].Write(500); // clamped to the travel

        // Read the chip's registers back over the simulated bus: LEDn_OFF is the pulse end in 1/4096 of the period.
        var chip = gateway.Plant!.OpenI2c("i2c-1", 0x40);
        var period = 4096 * (121 + 1) / 25e6; // PRE_SCALE for 50 Hz is round(25 MHz / (4096 · 50)) − 1 = 121
        Assert.Equal(Math.Round(0.002 / period * 4096), OffCount(chip, 0));
        Assert.Equal(Math.Round(0.25 * 4096), OffCount(chip, 5));

        gateway.Channels.TryGetId("gripper/angle", out var angle);
        gateway.Channels.TryGetId("fan/duty", out var duty);
        Assert.Equal(180, sink.Last(s => s.Channel == angle).Value, 0);
        Assert.Equal(25, sink.Last(s => s.Channel == duty).Value, 9);
        var layout = TwinLayout.Channels(config);
        Assert.Equal("deg", layout.Single(c => c.TwinPath == "gripper/angle").Unit);
        Assert.Equal("%", layout.Single(c => c.TwinPath == "fan/duty").Unit);
    }

    public static TheoryData<string, string, string> BadDevices => new()
    {
        {
            "FIFO rate the chip cannot make",
            """ "Devices": { "imu": { "Type": "mpu6050", "Bus": "i2c-1", "Address": "0x68", "RateHz": 300, "Options": { "FifoPollHz": 50 }, "Channels": { "accel_x": { "TwinPath": "x" } } } } """,
            "Devices:imu:RateHz: with Options:FifoPollHz the chip samples on its own clock at 1000 Hz divided by 1..250 (1000, 500, 250, 200, 125, 100, 50, ...), got 300"
        },
        {
            "FIFO polled too slowly",
            """ "Devices": { "imu": { "Type": "mpu6050", "Bus": "i2c-1", "Address": "0x68", "RateHz": 1000, "Options": { "FifoPollHz": 10 }, "Channels": { "accel_x": { "TwinPath": "x" } } } } """,
            "Devices:imu:Options:FifoPollHz: must be at least 17 Hz at RateHz 1000: the FIFO holds 73 frames and overflows between slower polls"
        },
        {
            "serial port that is not a device path",
            """ "Devices": { "imu": { "Type": "serial-imu", "Bus": "COM3", "Channels": { "accel_x": { "TwinPath": "x" } } } } """,
            "Devices:imu:Bus: must name a serial device like '/dev/ttyAMA0', '/dev/serial0' or '/dev/ttyUSB0', got 'COM3'"
        },
        {
            "baud rate termios has no code for",
            """ "Devices": { "imu": { "Type": "serial-imu", "Bus": "/dev/ttyUSB0", "BaudRate": 100000, "Channels": { "accel_x": { "TwinPath": "x" } } } } """,
            "Devices:imu:BaudRate: must be one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000, got 100000"
        },
        {
            "unknown parity",
            """ "Devices": { "imu": { "Type": "serial-imu", "Bus": "/dev/ttyUSB0", "Parity": "mark", "Channels": { "accel_x": { "TwinPath": "x" } } } } """,
            "Devices:imu:Parity: must be one of none, even, odd, got 'mark'"
        },
        {
            "two devices on one UART",
            """ "Devices": { "a": { "Type": "serial-imu", "Bus": "/dev/ttyUSB0", "Channels": { "accel_x": { "TwinPath": "x" } } }, "b": { "Type": "serial-imu", "Bus": "/dev/ttyUSB0", "Channels": { "accel_x": { "TwinPath": "y" } } } } """,
            "Devices:b:Bus: /dev/ttyUSB0 is already used by device 'a'"
        },
        {
            "1-Wire id of another family",
            """ "Devices": { "t": { "Type": "ds18b20", "SensorId": "10-000802b4ab3c", "Channels": { "temperature": { "TwinPath": "x" } } } } """,
            "Devices:t:SensorId: must be a DS18B20 id as listed in /sys/bus/w1/devices, like '28-0316a2794aff', got '10-000802b4ab3c'"
        },
        {
            "1-Wire sensor without an id",
            """ "Devices": { "t": { "Type": "ds18b20", "Channels": { "temperature": { "TwinPath": "x" } } } } """,
            "Devices:t:SensorId: is required"
        },
        {
            "encoder with A and B on one line",
            """ "Devices": { "e": { "Type": "quadrature", "Bus": "gpiochip0", "Lines": { "A": "23", "B": "23" }, "Channels": { "count": { "TwinPath": "x" } } } } """,
            "Devices:e:Lines:B: A and B must be different lines, both are '23'"
        },
        {
            "encoder line shared with another encoder",
            """ "Devices": { "e": { "Type": "quadrature", "Bus": "gpiochip0", "Lines": { "A": "23", "B": "24" }, "Channels": { "count": { "TwinPath": "x" } } }, "f": { "Type": "quadrature", "Bus": "gpiochip0", "Lines": { "A": "24", "B": "25" }, "Channels": { "count": { "TwinPath": "y" } } } } """,
            "Devices:f:Lines: gpiochip0 line 24 is already used by device 'e'"
        },
        {
            "encoder on a bus that is not a GPIO chip",
            """ "Devices": { "e": { "Type": "quadrature", "Bus": "i2c-1", "Lines": { "A": "23", "B": "24" }, "Channels": { "count": { "TwinPath": "x" } } } } """,
            "Devices:e:Bus: must name a GPIO chip like 'gpiochip0' (/dev/gpiochip0), got 'i2c-1'"
        },
        {
            "PCA9685 channel out of range",
            """ "Devices": { "t": { "Type": "mcp9808", "Bus": "i2c-1", "Address": "0x18", "Channels": { "temperature": { "TwinPath": "t" } } } }, "Actuators": { "s": { "Type": "servo", "Output": "i2c-1/0x40/16", "TwinPath": "s" } } """,
            "Actuators:s:Output: must name a PCA9685 channel as '<i2c bus>/<address 0x40..0x7F, not the all-call 0x70>/<channel 0..15>', like 'i2c-1/0x40/0', got 'i2c-1/0x40/16'"
        },
        {
            "PCA9685 at a sensor's address",
            """ "Devices": { "t": { "Type": "bme280", "Bus": "i2c-1", "Address": "0x76", "Channels": { "temperature": { "TwinPath": "t" } } } }, "Actuators": { "s": { "Type": "pwm", "Output": "i2c-1/0x76/0", "TwinPath": "s" } } """,
            "Actuators:s:Output: i2c-1 0x76 is the address of device 't'"
        },
        {
            "two frequencies on one PCA9685",
            """ "Devices": { "t": { "Type": "mcp9808", "Bus": "i2c-1", "Address": "0x18", "Channels": { "temperature": { "TwinPath": "t" } } } }, "Actuators": { "s": { "Type": "servo", "Output": "i2c-1/0x40/0", "TwinPath": "s" }, "f": { "Type": "pwm", "Output": "i2c-1/0x40/1", "FrequencyHz": 1000, "TwinPath": "f" } } """,
            "Actuators:s:FrequencyHz: the PCA9685 at i2c-1/0x40 runs at 1000 Hz for actuator 'f'; one chip has one frequency"
        },
        {
            "servo pulse longer than the period",
            """ "Devices": { "t": { "Type": "mcp9808", "Bus": "i2c-1", "Address": "0x18", "Channels": { "temperature": { "TwinPath": "t" } } } }, "Actuators": { "s": { "Type": "servo", "Output": "i2c-1/0x40/0", "FrequencyHz": 500, "MaxPulseUs": 2500, "TwinPath": "s" } } """,
            "Actuators:s:MaxPulseUs: must be shorter than the 2000 µs period at 500 Hz"
        },
        {
            "servo set-point outside the travel",
            """ "Devices": { "t": { "Type": "mcp9808", "Bus": "i2c-1", "Address": "0x18", "Channels": { "temperature": { "TwinPath": "t" } } } }, "Actuators": { "s": { "Type": "servo", "Output": "i2c-1/0x40/0", "TravelDegrees": 90, "Safe": 120, "TwinPath": "s" } } """,
            "Actuators:s:Safe: must be between 0 and 90, got 120"
        },
    };

    [Theory]
    [MemberData(nameof(BadDevices))]
    public void A_bad_device_or_actuator_is_reported_with_its_key_path_and_reason(string because, string sections, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => Load(sections));
        var errors = error.Errors.Select(e => e.ToString()).ToList();
        Assert.True(errors.SequenceEqual([expected]), $"{because}: expected exactly\n  {expected}\ngot\n  {string.Join("\n  ", errors)}");
    }

    private static double OffCount(EdgeTwin.Drivers.Buses.II2cDevice chip, int channel)
    {
        Span<byte> registers = stackalloc byte[4];
        chip.WriteRead([(byte)(0x06 + 4 * channel)], registers);
        return BinaryPrimitives.ReadUInt16LittleEndian(registers[2..]) & 0x1FFF;
    }

    private GatewayConfig Load(string sections)
    {
        var path = _dir.File($"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, $$"""{ "Gateway": { "Name": "t" }, {{sections}} }""");
        return ConfigLoader.Load(path).Config;
    }

    /// <summary>A clock that sleeps by jumping to the deadline, so the sampler runs seconds of acquisition in milliseconds.</summary>
    private sealed class StepClock : IClock
    {
        public long MonotonicNowNs { get; private set; } = 10_000_000_000;

        public long UtcNowNs => ToUtcNs(MonotonicNowNs);

        public long ToUtcNs(long monotonicNs) => monotonicNs + 1_700_000_000_000_000_000;

        public void SleepUntil(long deadlineNs) => MonotonicNowNs = Math.Max(MonotonicNowNs, deadlineNs) + 50_000;
    }

    private sealed class Recorder : List<Sample>, ISampleSink
    {
        public void Publish(ReadOnlySpan<Sample> samples)
        {
            lock (this)
            {
                AddRange(samples.ToArray());
            }
        }
    }
}
