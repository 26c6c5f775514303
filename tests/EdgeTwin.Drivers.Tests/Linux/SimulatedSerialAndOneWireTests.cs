using System.Text;
using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Linux.OneWire;
using EdgeTwin.Drivers.Linux.Serial;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Simulation.Plant;

namespace EdgeTwin.Drivers.Tests.Linux;

/// <summary>The simulators behind the serial IMU and the DS18B20 produce exactly what the real drivers parse.</summary>
public sealed class SimulatedSerialAndOneWireTests
{
    [Fact]
    public void The_simulated_serial_imu_prints_lines_the_sensor_parses_and_garbage_is_counted()
    {
        var clock = new ManualClock();
        var plant = new AxisPlant(new AxisPlantParameters(), PlantFaults.None, clock.MonotonicNowNs);
        var port = new SerialImuSimulator("sim:/dev/ttyUSB0", plant, clock, seed: 4, lineRateHz: 200);
        var sensor = new SerialLineSensor(port);
        sensor.Initialize();
        var values = new double[6];
        var qualities = new Quality[6];

        clock.Advance(TimeSpan.FromMilliseconds(12));
        sensor.Read(values, qualities);
        Assert.All(qualities, q => Assert.Equal(Quality.Good, q));
        Assert.InRange(values[2], 8.5, 11); // gravity on Z

        port.Inject = Encoding.ASCII.GetBytes("1,2,x,4,5,6\n");
        clock.Advance(TimeSpan.FromMilliseconds(10));
        sensor.Read(values, qualities);
        Assert.Equal(1, sensor.GarbageLines);
        Assert.Equal(ImuLineError.NotANumber, sensor.LastError);
        Assert.All(qualities, q => Assert.Equal(Quality.Good, q));

        // No new line since the last read: the last values, marked stale.
        sensor.Read(values, qualities);
        Assert.All(qualities, q => Assert.Equal(Quality.Stale, q));
        Assert.Equal(port.LinesSent - 1, sensor.LinesParsed); // the first line is skipped on purpose
    }

    [Fact]
    public void The_simulated_ds18b20_produces_w1_therm_text_with_a_valid_crc()
    {
        var clock = new ManualClock();
        var plant = new AxisPlant(new AxisPlantParameters { AmbientCelsius = 21.5 }, PlantFaults.None, clock.MonotonicNowNs);
        var slave = new Ds18b20Simulator("28-0316a2794aff", plant, clock);
        var sensor = new Ds18b20Sensor("28-0316a2794aff", slave);
        sensor.Initialize();
        var reading = sensor.Read();
        Assert.Equal(Ds18b20Status.Ok, reading.Status);
        Assert.Equal(21.5, reading.Celsius, 1);

        Span<byte> buffer = stackalloc byte[W1SlaveParser.MaxLength];
        var text = Encoding.ASCII.GetString(slave.Read(buffer));
        Assert.Matches("^([0-9a-f]{2} ){9}: crc=[0-9a-f]{2} YES\n([0-9a-f]{2} ){9}t=-?[0-9]+$", text);

        slave.CorruptCrc = true;
        Assert.Equal(Ds18b20Status.CrcError, sensor.Read().Status);
        slave.CorruptCrc = false;
        slave.Unplugged = true;
        Assert.Equal(Quality.CommunicationError, sensor.Read().Quality);
        Assert.Throws<BusException>(sensor.Initialize);
    }

    [Theory]
    [InlineData(new byte[] { 0x72, 0x01, 0x4b, 0x46, 0x7f, 0xff, 0x0e, 0x10 }, 0x57)] // the w1_therm example in the kernel docs
    [InlineData(new byte[] { 0x02, 0x1c, 0xb8, 0x01, 0x00, 0x00, 0x00 }, 0xa2)] // DS18B20 datasheet CRC example (ROM)
    public void The_scratchpad_crc_is_the_dallas_crc8(byte[] data, byte crc) => Assert.Equal(crc, Ds18b20Simulator.Crc8(data));
}
