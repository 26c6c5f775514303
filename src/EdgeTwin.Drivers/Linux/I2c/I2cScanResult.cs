using System.Globalization;
using System.Text;
using EdgeTwin.Drivers.Buses;

namespace EdgeTwin.Drivers.Linux.I2c;

/// <summary>The outcome of <see cref="I2cBusScanner.Scan"/>: one state per 7-bit address.</summary>
public sealed class I2cScanResult
{
    private readonly I2cAddressState[] _states;

    internal I2cScanResult(string busName, I2cAddressState[] states, int skippedAddresses)
    {
        BusName = busName;
        _states = states;
        SkippedAddresses = skippedAddresses;
    }

    public string BusName { get; }

    /// <summary>Addresses in range that the adapter could not probe with the method they need.</summary>
    public int SkippedAddresses { get; }

    public I2cAddressState this[int address] => _states[address];

    public IReadOnlyList<int> PresentAddresses => Find(I2cAddressState.Present);

    public IReadOnlyList<int> AddressesInUseByDriver => Find(I2cAddressState.InUseByDriver);

    /// <summary>The i2cdetect grid: "--" absent, "UU" claimed by a driver, the hex address where present, blank not probed.</summary>
    public string ToGrid()
    {
        var text = new StringBuilder("     0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f\n");
        for (var row = 0; row < 128; row += 16)
        {
            text.Append(CultureInfo.InvariantCulture, $"{row:x2}:");
            for (var column = 0; column < 16; column++)
            {
                var address = row + column;
                text.Append(' ').Append(_states[address] switch
                {
                    I2cAddressState.Present => address.ToString("x2", CultureInfo.InvariantCulture),
                    I2cAddressState.Absent => "--",
                    I2cAddressState.InUseByDriver => "UU",
                    _ => "  ",
                });
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private int[] Find(I2cAddressState state)
    {
        var found = new List<int>();
        for (var address = 0; address < _states.Length; address++)
        {
            if (_states[address] == state)
            {
                found.Add(address);
            }
        }

        return [.. found];
    }
}
