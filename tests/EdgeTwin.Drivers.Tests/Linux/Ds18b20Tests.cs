using System.Text;
using EdgeTwin.Drivers.Linux.OneWire;
using EdgeTwin.Drivers.Samples;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Drivers.Tests.Linux;

public sealed class Ds18b20Tests
{
    private const string Id = "28-0316a2794aff";

    private static string W1Slave(string scratchpad, string crc, string verdict, int milliCelsius) =>
        $"{scratchpad} : crc={crc} {verdict}\n{scratchpad} t={milliCelsius}\n";

    [Fact]
    public void A_good_reading_is_in_degrees_celsius_with_good_quality()
    {
        using var tree = new TempTree();
        tree.Write($"{Id}/w1_slave", W1Slave("72 01 4b 46 7f ff 0e 10 57", "57", "YES", 23125));
        var reading = new Ds18b20Sensor(Id, tree.Root).Read();
        Assert.Equal(new Ds18b20Reading(23.125, Quality.Good, Ds18b20Status.Ok), reading);
    }

    [Theory]
    [InlineData("72 01 4b 46 7f ff 0e 10 57", "56", "NO", 23125, Ds18b20Status.CrcError)]
    [InlineData("50 05 4b 46 7f ff 0c 10 1c", "1c", "YES", 85000, Ds18b20Status.PowerOnResetValue)]
    [InlineData("00 00 00 00 00 00 00 00 00", "00", "YES", 0, Ds18b20Status.AllZero)]
    [InlineData("ff ff ff ff ff ff ff ff ff", "c9", "YES", -62, Ds18b20Status.Ok)]
    [InlineData("f0 07 4b 46 7f ff 0c 10 1c", "1c", "YES", 127000, Ds18b20Status.OutOfRange)]
    [InlineData("90 fc 4b 46 7f ff 0c 10 1c", "1c", "YES", -55000, Ds18b20Status.Ok)]
    public void Bad_and_suspicious_readings_get_a_status(string scratchpad, string crc, string verdict, int milli, Ds18b20Status status)
    {
        Assert.Equal(status, W1SlaveParser.Parse(Encoding.ASCII.GetBytes(W1Slave(scratchpad, crc, verdict, milli)), out var parsed));
        if (status is Ds18b20Status.Ok or Ds18b20Status.PowerOnResetValue or Ds18b20Status.OutOfRange)
        {
            Assert.Equal(milli, parsed);
        }
    }

    [Fact]
    public void Quality_follows_the_status()
    {
        using var tree = new TempTree();
        var sensor = new Ds18b20Sensor(Id, tree.Root);

        var missing = sensor.Read();
        Assert.Equal(Ds18b20Status.Missing, missing.Status);
        Assert.Equal(Quality.CommunicationError, missing.Quality);

        tree.Write($"{Id}/w1_slave", W1Slave("72 01 4b 46 7f ff 0e 10 57", "56", "NO", 23125));
        var crc = sensor.Read();
        Assert.True(crc.Quality.IsBad);
        Assert.True(double.IsNaN(crc.Celsius));

        tree.Write($"{Id}/w1_slave", W1Slave("50 05 4b 46 7f ff 0c 10 1c", "1c", "YES", 85000));
        var reset = sensor.Read();
        Assert.True(reset.Quality.IsUncertain);
        Assert.Equal(85.0, reset.Celsius);

        tree.Write($"{Id}/w1_slave", "garbage");
        Assert.Equal(Ds18b20Status.Malformed, sensor.Read().Status);

        tree.Write($"{Id}/w1_slave", new string('7', 5000));
        Assert.Equal(Ds18b20Status.Malformed, sensor.Read().Status);
    }

    [Fact]
    public void As_a_sampled_device_it_checks_presence_and_reports_value_and_quality()
    {
        using var tree = new TempTree();
        var sensor = new Ds18b20Sensor(Id, tree.Root);
        var ex = Assert.Throws<EdgeTwin.Drivers.Buses.BusException>(sensor.Initialize);
        Assert.Contains("w1_slave", ex.Message);
        Assert.Contains("dtoverlay=w1-gpio", ex.Message);

        tree.Write($"{Id}/w1_slave", W1Slave("50 05 4b 46 7f ff 0c 10 1c", "1c", "YES", 85000));
        sensor.Initialize();
        var values = new double[1];
        var qualities = new Quality[1];
        sensor.Read(values, qualities);
        Assert.Equal(85.0, values[0]);
        Assert.Equal(Quality.SensorNotAccurate, qualities[0]);
        Assert.Equal("degC", sensor.Channels[0].Unit);
    }

    [Fact]
    public void Discover_lists_only_ds18b20_devices_sorted()
    {
        using var tree = new TempTree();
        tree.Write("28-00000b1e2f3a/w1_slave", "");
        tree.Write("28-000005a1b2c3/w1_slave", "");
        tree.Write("10-000801b5a7e4/w1_slave", "");
        tree.Write("w1_bus_master1/w1_master_slaves", "");
        Assert.Equal(["28-000005a1b2c3", "28-00000b1e2f3a"], Ds18b20Sensor.Discover(tree.Root));
        Assert.Throws<ArgumentException>(() => new Ds18b20Sensor("10-000801b5a7e4", tree.Root));
        Assert.Throws<ArgumentException>(() => new Ds18b20Sensor("28-../../etc", tree.Root));
    }

    [Fact]
    public void Reading_does_not_allocate()
    {
        using var tree = new TempTree();
        tree.Write($"{Id}/w1_slave", W1Slave("72 01 4b 46 7f ff 0e 10 57", "57", "YES", 23125));
        var sensor = new Ds18b20Sensor(Id, tree.Root);
        var small = Allocations.Measure(() => Read(sensor, 10));
        var large = Allocations.Measure(() => Read(sensor, 1_000));
        Assert.True(large - small < 1_000, $"{small} B vs {large} B");

        static void Read(Ds18b20Sensor sensor, int n)
        {
            for (var i = 0; i < n; i++)
            {
                if (sensor.Read().Status != Ds18b20Status.Ok)
                {
                    throw new InvalidOperationException("reading failed");
                }
            }
        }
    }

    [Fact]
    public void Any_file_content_gives_a_status_never_an_exception()
    {
        var w1Bytes = Gen.Frequency(
            (2, Gen.Choose(0, 255).Select(i => (byte)i)),
            (5, Gen.Elements("0123456789abcdef :=-tcrYESNO\n"u8.ToArray())));
        var contents = Gen.Choose(0, 300).SelectMany(n => w1Bytes.ArrayOf(n)).ToArbitrary();
        Prop.ForAll(contents, text =>
        {
            var status = W1SlaveParser.Parse(text, out var milli);
            return status != Ds18b20Status.Ok || (milli >= -55000 && milli <= 125000);
        }).QuickCheckThrowOnFailure();
    }
}
