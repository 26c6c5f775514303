using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Linux.I2c;
using EdgeTwin.Drivers.Linux.Interop;

namespace EdgeTwin.Drivers.Tests.Linux;

public sealed class I2cTests
{
    /// <summary>A bus with targets at known addresses that records which probe each address got.</summary>
    private sealed class RecordingBus(IReadOnlySet<int> present, IReadOnlySet<int> claimed, I2cProbeMethod unsupported = I2cProbeMethod.Auto) : II2cBusProbe
    {
        public Dictionary<int, I2cProbeMethod> Probes { get; } = [];

        public string BusName => "test:i2c-1";

        public bool Supports(I2cProbeMethod method) => method != unsupported;

        public I2cAddressState Probe(int address, I2cProbeMethod method)
        {
            Assert.NotEqual(I2cProbeMethod.Auto, method);
            Assert.False(Probes.ContainsKey(address), $"0x{address:X2} probed twice");
            Probes[address] = method;
            return claimed.Contains(address) ? I2cAddressState.InUseByDriver
                : present.Contains(address) ? I2cAddressState.Present
                : I2cAddressState.Absent;
        }
    }

    [Fact]
    public void Scan_probes_0x03_to_0x77_with_read_byte_only_in_the_eeprom_ranges()
    {
        var bus = new RecordingBus(new HashSet<int> { 0x48, 0x50, 0x68 }, new HashSet<int> { 0x1A });
        var result = I2cBusScanner.Scan(bus);

        Assert.Equal(Enumerable.Range(0x03, 0x75), bus.Probes.Keys.Order());
        foreach (var (address, method) in bus.Probes)
        {
            var eeprom = address is (>= 0x30 and <= 0x37) or (>= 0x50 and <= 0x5F);
            Assert.Equal(eeprom ? I2cProbeMethod.ReadByte : I2cProbeMethod.QuickWrite, method);
        }

        Assert.Equal([0x48, 0x50, 0x68], result.PresentAddresses);
        Assert.Equal([0x1A], result.AddressesInUseByDriver);
        Assert.Equal(I2cAddressState.NotProbed, result[0x02]);
        Assert.Equal(I2cAddressState.NotProbed, result[0x78]);
        Assert.Equal(I2cAddressState.Absent, result[0x49]);
        Assert.Equal(0, result.SkippedAddresses);
    }

    [Fact]
    public void Scan_skips_addresses_whose_probe_the_adapter_cannot_do()
    {
        var bus = new RecordingBus(new HashSet<int> { 0x50, 0x48 }, new HashSet<int>(), unsupported: I2cProbeMethod.QuickWrite);
        var result = I2cBusScanner.Scan(bus);
        Assert.Equal(8 + 16, bus.Probes.Count);
        Assert.Equal(0x75 - 24, result.SkippedAddresses);
        Assert.Equal([0x50], result.PresentAddresses);
        Assert.Equal(I2cAddressState.NotProbed, result[0x48]);
    }

    [Fact]
    public void A_forced_method_and_a_sub_range_are_honoured()
    {
        var bus = new RecordingBus(new HashSet<int> { 0x52 }, new HashSet<int>());
        var result = I2cBusScanner.Scan(bus, I2cProbeMethod.QuickWrite, 0x50, 0x57);
        Assert.Equal(8, bus.Probes.Count);
        Assert.All(bus.Probes.Values, m => Assert.Equal(I2cProbeMethod.QuickWrite, m));
        Assert.Equal([0x52], result.PresentAddresses);
        Assert.Throws<ArgumentOutOfRangeException>(() => I2cBusScanner.Scan(bus, first: 0x00));
        Assert.Throws<ArgumentOutOfRangeException>(() => I2cBusScanner.Scan(bus, last: 0x78));
    }

    [Fact]
    public void Grid_looks_like_i2cdetect()
    {
        var bus = new RecordingBus(new HashSet<int> { 0x48 }, new HashSet<int> { 0x1A });
        var lines = I2cBusScanner.Scan(bus).ToGrid().Split('\n');
        Assert.Equal("     0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f", lines[0]);
        Assert.Equal("00:" + new string(' ', 9) + string.Concat(Enumerable.Repeat(" --", 13)), lines[1]);
        Assert.Equal("10: -- -- -- -- -- -- -- -- -- -- UU -- -- -- -- --", lines[2]);
        Assert.Equal("40: -- -- -- -- -- -- -- -- 48 -- -- -- -- -- -- --", lines[5]);
        Assert.Equal("70:" + string.Concat(Enumerable.Repeat(" --", 8)) + new string(' ', 24), lines[8]);
    }

    [Theory]
    [InlineData(Errno.ENXIO, BusFault.Nack)]
    [InlineData(Errno.EREMOTEIO, BusFault.Nack)]
    [InlineData(Errno.ETIMEDOUT, BusFault.Timeout)]
    [InlineData(Errno.EAGAIN, BusFault.ArbitrationLost)]
    [InlineData(Errno.EIO, BusFault.IoError)]
    [InlineData(Errno.EOPNOTSUPP, BusFault.IoError)]
    public void Errno_maps_to_the_fault_of_the_kernel_fault_codes_doc(int errno, BusFault fault)
    {
        Assert.Equal(fault, I2cFaults.Classify(errno));
        var ex = I2cFaults.Create("/dev/i2c-1", 0x68, "write-read", errno);
        Assert.Equal(fault, ex.Fault);
        Assert.Equal(0x68, ex.Address);
        Assert.StartsWith("/dev/i2c-1 0x68: write-read: ", ex.Message);
        Assert.Contains($"errno {errno}", ex.Message);
    }

    [Fact]
    public void Addresses_outside_the_7_bit_range_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LinuxI2cBus.ValidateAddress(0x02));
        Assert.Throws<ArgumentOutOfRangeException>(() => LinuxI2cBus.ValidateAddress(0x78));
        LinuxI2cBus.ValidateAddress(0x03);
        LinuxI2cBus.ValidateAddress(0x77);
    }
}
