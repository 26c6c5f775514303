using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Devices.Encoders.As5600;
using EdgeTwin.Drivers.Devices.Environment.Bme280;
using EdgeTwin.Drivers.Devices.Imu.Lsm6dso;
using EdgeTwin.Drivers.Devices.Imu.Mpu6050;
using EdgeTwin.Drivers.Devices.Probe;
using EdgeTwin.Drivers.Devices.Temperature.Mcp9808;
using EdgeTwin.Drivers.Linux.I2c;
using EdgeTwin.Drivers.Simulation;
using EdgeTwin.Drivers.Simulation.Buses;
using EdgeTwin.Drivers.Simulation.Plant;

namespace EdgeTwin.Drivers.Tests.Devices;

public sealed class DeviceProbeTests
{
    private readonly ManualClock _clock = new();
    private readonly SimulatedI2cBus _bus = new("sim:i2c-1");

    private void Populate()
    {
        var plant = new AxisPlant(new AxisPlantParameters(), PlantFaults.None, _clock.MonotonicNowNs);
        _bus.Attach(0x18, new Mcp9808Simulator(plant, _clock, 1));
        _bus.Attach(0x36, new As5600Simulator(plant, _clock, 2));
        _bus.Attach(0x68, new Mpu6050Simulator(plant, _clock, 3));
        _bus.Attach(0x69, new Mpu6050Simulator(plant, _clock, 4, whoAmI: 0x70));
        _bus.Attach(0x6A, new Lsm6dsoSimulator(plant, _clock, 5));
        _bus.Attach(0x76, new Bme280Simulator(plant, _clock, 6));
        _bus.Attach(0x77, new Bme280Simulator(plant, _clock, 7, chipId: 0x58));
        _bus.Attach(0x50, new ConstantTarget(0xFF));
    }

    [Fact]
    public void Scan_finds_exactly_the_attached_targets()
    {
        Populate();
        var result = I2cBusScanner.Scan(new SimulatedBusProbe(_bus));
        Assert.Equal([0x18, 0x36, 0x50, 0x68, 0x69, 0x6A, 0x76, 0x77], result.PresentAddresses);
        Assert.Equal(I2cAddressState.Absent, result[0x40]);
        Assert.Contains("60: -- -- -- -- -- -- -- -- 68 69 6a -- -- -- -- --", result.ToGrid(), StringComparison.Ordinal);
    }

    [Fact]
    public void Identifies_every_known_chip_by_its_identity_registers()
    {
        Populate();
        var present = I2cBusScanner.Scan(new SimulatedBusProbe(_bus)).PresentAddresses;
        var found = DeviceProbe.IdentifyAll(present, _bus.Open).ToDictionary(r => r.Address);

        Assert.Equal(("mcp9808", "Microchip MCP9808"), (found[0x18].Type, found[0x18].Chip));
        Assert.Equal(("as5600", "ams AS5600"), (found[0x36].Type, found[0x36].Chip));
        Assert.Equal(("mpu6050", "InvenSense MPU-6050"), (found[0x68].Type, found[0x68].Chip));
        Assert.Equal(("mpu6050", "InvenSense MPU-6500"), (found[0x69].Type, found[0x69].Chip));
        Assert.Equal(("lsm6dso", "ST LSM6DSO"), (found[0x6A].Type, found[0x6A].Chip));
        Assert.Equal(("bme280", "Bosch BME280"), (found[0x76].Type, found[0x76].Chip));
        Assert.Equal((null, "Bosch BMP280"), (found[0x77].Type, found[0x77].Chip));
        Assert.False(found[0x50].Identified);
        Assert.Equal("WHO_AM_I (0x75) = 0x68", found[0x68].Evidence);

        // Every identified type is one configuration accepts.
        Assert.All(found.Values.Where(r => r.Type is not null), r => Assert.True(DeviceCatalog.TryGet(r.Type!, out _)));
    }

    [Fact]
    public void Probing_writes_no_register()
    {
        var recorder = new RecordingTarget();
        _bus.Attach(0x68, recorder);
        DeviceProbe.Identify(_bus.Open(0x68));
        Assert.All(recorder.Writes, w => Assert.Single(w)); // only register pointers, never pointer + data
        Assert.NotEmpty(recorder.Writes);
    }

    [Fact]
    public void An_absent_address_is_unknown_not_an_error()
    {
        var result = DeviceProbe.Identify(_bus.Open(0x68));
        Assert.False(result.Identified);
        Assert.Null(result.Type);
    }

    [Fact]
    public void A_stuck_bus_fails_the_scan_and_the_probe_naming_the_address()
    {
        Populate();
        _bus.InjectFault(0x36, BusFault.Timeout);
        var scan = Assert.Throws<BusException>(() => I2cBusScanner.Scan(new SimulatedBusProbe(_bus)));
        Assert.Equal(BusFault.Timeout, scan.Fault);
        Assert.Equal(0x36, scan.Address);
        Assert.Equal(BusFault.Timeout, Assert.Throws<BusException>(() => DeviceProbe.Identify(_bus.Open(0x36))).Fault);
    }

    [Fact]
    public void A_nacking_target_scans_absent()
    {
        Populate();
        _bus.InjectFault(0x68, BusFault.Nack);
        Assert.Equal(I2cAddressState.Absent, I2cBusScanner.Scan(new SimulatedBusProbe(_bus))[0x68]);
    }

    [Fact]
    public void Every_catalog_simulator_on_a_plant_is_found_and_identified()
    {
        var plant = new SimulatedPlant(_clock, new AxisPlantParameters(), PlantFaults.None, seed: 1);
        var empty = new Dictionary<string, double>();
        (string Type, int Address)[] devices = [("mpu6050", 0x68), ("mcp9808", 0x18), ("lsm6dso", 0x6B), ("as5600", 0x36), ("bme280", 0x77)];
        foreach (var (type, address) in devices)
        {
            Assert.True(DeviceCatalog.TryGet(type, out var t));
            t.AttachSimulator(plant, "i2c-1", address, empty);
        }

        var bus = plant.I2cBus("i2c-1");
        var present = I2cBusScanner.Scan(new SimulatedBusProbe(bus)).PresentAddresses;
        var found = DeviceProbe.IdentifyAll(present, bus.Open);
        Assert.Equal(devices.OrderBy(d => d.Address).Select(d => (d.Type, d.Address)), found.Select(r => (r.Type!, r.Address)));
    }

    private sealed class ConstantTarget(byte value) : II2cTarget
    {
        public void OnWrite(ReadOnlySpan<byte> data)
        {
        }

        public void OnRead(Span<byte> buffer) => buffer.Fill(value);
    }

    private sealed class RecordingTarget : II2cTarget
    {
        public List<byte[]> Writes { get; } = [];

        public void OnWrite(ReadOnlySpan<byte> data) => Writes.Add(data.ToArray());

        public void OnRead(Span<byte> buffer) => buffer.Clear();
    }
}
