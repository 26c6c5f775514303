using System.Diagnostics;
using EdgeTwin.Drivers.Linux.Serial;
using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Drivers.Tests.Linux;

public sealed class SerialLineSensorTests
{
    [Fact]
    public void Reads_imu_lines_from_a_real_terminal_and_counts_the_garbage_between_them()
    {
        using var pty = new PseudoTerminal();
        using var port = TermiosSerialPort.Open(pty.SlavePath, new SerialSettings { BaudRate = 115200, ReadTimeoutMs = 50 });
        var sensor = new SerialLineSensor(port, maxLineLength: 64);
        var readings = new List<double[]>();

        pty.Write("0.1,0.2,9.8,1,2,3\n");
        pty.Write("garbage line\r\n");
        pty.Write("1,2,3,4\n");
        pty.Write([0x00, 0xFF, 0xFE, 0x80, 0x0A]);
        pty.Write("4,5,6,");
        Collect(sensor, readings, 1);

        pty.Write("7,8,9\n");
        pty.Write(new string('x', 300) + "\n");
        pty.Write("1,2,3,4,5,inf\n");
        pty.Write("-1.5,0,0,0,0,2.5\r\n");
        Collect(sensor, readings, 3);

        Assert.Equal(3, readings.Count);
        Assert.Equal([0.1, 0.2, 9.8, 1, 2, 3], readings[0]);
        Assert.Equal([4, 5, 6, 7, 8, 9], readings[1]);
        Assert.Equal([-1.5, 0, 0, 0, 0, 2.5], readings[2]);
        Assert.Equal(3, sensor.LinesParsed);
        Assert.Equal(5, sensor.GarbageLines);
        Assert.Equal(1, sensor.OverlongLines);
        Assert.Equal(ImuLineError.NotANumber, sensor.LastError);
    }

    [Fact]
    public void Returns_false_within_the_port_timeout_when_the_device_is_silent()
    {
        using var pty = new PseudoTerminal();
        using var port = TermiosSerialPort.Open(pty.SlavePath, new SerialSettings { ReadTimeoutMs = 50 });
        var sensor = new SerialLineSensor(port);
        var clock = Stopwatch.StartNew();
        Assert.False(sensor.TryRead(new double[6]));
        Assert.InRange(clock.ElapsedMilliseconds, 30, 2000);
        Assert.Equal(0, sensor.GarbageLines);
    }

    [Fact]
    public void As_a_sampled_device_it_returns_the_newest_line_then_marks_values_stale()
    {
        using var pty = new PseudoTerminal();
        using var port = TermiosSerialPort.Open(pty.SlavePath, new SerialSettings { ReadTimeoutMs = 50 });
        var sensor = new SerialLineSensor(port);
        var values = new double[6];
        var qualities = new Quality[6];

        pty.Write("9,9,9,9,");
        sensor.Initialize();
        sensor.Read(values, qualities);
        Assert.All(qualities, q => Assert.Equal(Quality.WaitingForInitialData, q));
        Assert.All(values, v => Assert.True(double.IsNaN(v)));

        // The line in progress at Initialize is dropped even though it completes as six numbers.
        pty.Write("9,9\n1,1,1,1,1,1\n2,2,2,2,2,2\n3,3,3,3,3,3\n");
        Thread.Sleep(50);
        sensor.Read(values, qualities);
        Assert.Equal([3, 3, 3, 3, 3, 3], values);
        Assert.All(qualities, q => Assert.Equal(Quality.Good, q));
        Assert.Equal(["accel_x", "accel_y", "accel_z", "gyro_x", "gyro_y", "gyro_z"], sensor.Channels.Select(c => c.Name));

        pty.Write("junk\n");
        sensor.Read(values, qualities);
        Assert.Equal([3, 3, 3, 3, 3, 3], values);
        Assert.All(qualities, q => Assert.Equal(Quality.Stale, q));
        Assert.Equal(1, sensor.GarbageLines);
        Assert.Equal(3, sensor.LinesParsed);
    }

    [Fact]
    public void Reading_lines_from_the_port_does_not_allocate()
    {
        using var pty = new PseudoTerminal();
        using var port = TermiosSerialPort.Open(pty.SlavePath, new SerialSettings { ReadTimeoutMs = 1000 });
        var sensor = new SerialLineSensor(port);
        var chunk = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0.5,-0.25,9.80665,0.01,0.02,0.03\n", 20)));
        var values = new double[6];

        var small = Allocations.Measure(() => Pump(2));
        var large = Allocations.Measure(() => Pump(50));
        Assert.True(large - small < 1_000, $"{small} B vs {large} B");

        void Pump(int chunks)
        {
            for (var c = 0; c < chunks; c++)
            {
                pty.Write(chunk);
                for (var i = 0; i < 20; i++)
                {
                    if (!sensor.TryRead(values))
                    {
                        throw new InvalidOperationException("line missing");
                    }
                }
            }
        }
    }

    private static void Collect(SerialLineSensor sensor, List<double[]> readings, int count)
    {
        var values = new double[6];
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 5000)
        {
            if (sensor.TryRead(values))
            {
                readings.Add((double[])values.Clone());
                if (readings.Count == count)
                {
                    return;
                }
            }
            else if (readings.Count == count)
            {
                return;
            }
        }
    }
}
