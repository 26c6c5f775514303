using System.Globalization;
using System.Runtime.InteropServices;
using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Linux.Interop;

namespace EdgeTwin.Drivers.Linux.I2c;

/// <summary>
/// An I2C adapter through i2c-dev (<c>/dev/i2c-N</c>, Documentation/i2c/dev-interface.rst). Devices on the bus
/// share one descriptor; a lock serializes transfers, as the bus itself does.
/// </summary>
public sealed unsafe class LinuxI2cBus : II2cBusProbe, IDisposable
{
    private readonly FileDescriptor _fd;
    private readonly Lock _lock = new();
    private int _selectedAddress = -1;

    private LinuxI2cBus(string path, FileDescriptor fd, I2cFunctionality functionality)
    {
        BusName = path;
        _fd = fd;
        Functionality = functionality;
    }

    /// <summary>The device node, e.g. <c>/dev/i2c-1</c>; used in every error message.</summary>
    public string BusName { get; }

    /// <summary>What the adapter can do (I2C_FUNCS).</summary>
    public I2cFunctionality Functionality { get; }

    public static LinuxI2cBus Open(int busNumber) =>
        Open("/dev/i2c-" + busNumber.ToString(CultureInfo.InvariantCulture));

    /// <exception cref="BusException">The node is missing, not accessible or not an I2C adapter.</exception>
    public static LinuxI2cBus Open(string path)
    {
        var fd = DeviceNode.Open(path, Libc.ORdWr, DeviceKind.I2c);
        ulong funcs;
        if (Libc.Ioctl(fd, I2cIoctl.I2C_FUNCS, &funcs) < 0)
        {
            var errno = Errno.Last;
            fd.Dispose();
            throw new BusException(BusFault.Unavailable, path, $"not an I2C adapter: I2C_FUNCS failed ({Errno.Describe(errno)})");
        }

        return new LinuxI2cBus(path, fd, (I2cFunctionality)funcs);
    }

    /// <summary>A target at a 7-bit address (0x03-0x77); the device shares this bus's descriptor and lifetime.</summary>
    public II2cDevice CreateDevice(int address)
    {
        ValidateAddress(address);
        return new LinuxI2cDevice(this, address);
    }

    public bool Supports(I2cProbeMethod method) => method switch
    {
        I2cProbeMethod.QuickWrite => (Functionality & I2cFunctionality.SmbusQuick) != 0,
        I2cProbeMethod.ReadByte => (Functionality & I2cFunctionality.SmbusReadByte) != 0,
        _ => Supports(I2cProbeMethod.QuickWrite) && Supports(I2cProbeMethod.ReadByte),
    };

    public I2cAddressState Probe(int address, I2cProbeMethod method)
    {
        ValidateAddress(address);
        lock (_lock)
        {
            if (!TrySelect(address, out var errno))
            {
                return errno == Errno.EBUSY
                    ? I2cAddressState.InUseByDriver
                    : throw I2cFaults.Create(BusName, address, "select address", errno);
            }

            I2cSmbusData data = default;
            var ok = method switch
            {
                I2cProbeMethod.QuickWrite => Smbus(I2cIoctl.I2C_SMBUS_WRITE, I2cIoctl.I2C_SMBUS_QUICK, null, out errno),
                I2cProbeMethod.ReadByte => Smbus(I2cIoctl.I2C_SMBUS_READ, I2cIoctl.I2C_SMBUS_BYTE, &data, out errno),
                _ => throw new ArgumentOutOfRangeException(nameof(method), method, "probe with a concrete method"),
            };
            if (ok)
            {
                return I2cAddressState.Present;
            }

            // A probe is expected to fail at empty addresses; only a broken adapter is an error.
            return I2cFaults.Classify(errno) == BusFault.Nack || errno == Errno.EIO
                ? I2cAddressState.Absent
                : throw I2cFaults.Create(BusName, address, "probe", errno);
        }
    }

    public void Dispose() => _fd.Dispose();

    internal void Write(int address, ReadOnlySpan<byte> data)
    {
        ValidateLength(data.Length, nameof(data));
        fixed (byte* p = data)
        {
            Transfer(&Libc.Write, "write", address, p, data.Length);
        }
    }

    internal void Read(int address, Span<byte> buffer)
    {
        ValidateLength(buffer.Length, nameof(buffer));
        fixed (byte* p = buffer)
        {
            Transfer(&Libc.Read, "read", address, p, buffer.Length);
        }
    }

    /// <summary>One plain read(2) or write(2) at <paramref name="address"/>: the whole length or a fault.</summary>
    private void Transfer(delegate*<SafeHandle, byte*, nuint, nint> transfer, string operation, int address, byte* p, int length)
    {
        lock (_lock)
        {
            Select(address);
            var done = Interrupted.Restart(transfer, _fd, p, (nuint)length, out var errno);
            if (done < 0)
            {
                throw I2cFaults.Create(BusName, address, operation, errno);
            }

            if (done != length)
            {
                throw new BusException(BusFault.IoError, BusName, address, $"{operation}: short transfer ({done} of {length} bytes)");
            }
        }
    }

    /// <summary>Two messages in one I2C_RDWR call: write, repeated START, read, one STOP.</summary>
    internal void WriteRead(int address, ReadOnlySpan<byte> write, Span<byte> read)
    {
        ValidateLength(write.Length, nameof(write));
        ValidateLength(read.Length, nameof(read));
        if ((Functionality & I2cFunctionality.I2c) == 0)
        {
            throw new BusException(BusFault.IoError, BusName, address,
                "the adapter is SMBus-only (no I2C_FUNC_I2C): combined write-read transfers are not possible");
        }

        int result;
        int errno;
        lock (_lock)
        {
            fixed (byte* w = write)
            fixed (byte* r = read)
            {
                if (IntPtr.Size == 8)
                {
                    var msgs = stackalloc I2cMsg64[2];
                    msgs[0] = new I2cMsg64 { Addr = (ushort)address, Flags = 0, Len = (ushort)write.Length, Buf = (ulong)w };
                    msgs[1] = new I2cMsg64 { Addr = (ushort)address, Flags = I2cIoctl.I2C_M_RD, Len = (ushort)read.Length, Buf = (ulong)r };
                    var data = new I2cRdwrIoctlData64 { Msgs = (ulong)msgs, NMsgs = 2 };
                    result = RetryIoctl(I2cIoctl.I2C_RDWR, &data, out errno);
                }
                else
                {
                    var msgs = stackalloc I2cMsg32[2];
                    msgs[0] = new I2cMsg32 { Addr = (ushort)address, Flags = 0, Len = (ushort)write.Length, Buf = (uint)w };
                    msgs[1] = new I2cMsg32 { Addr = (ushort)address, Flags = I2cIoctl.I2C_M_RD, Len = (ushort)read.Length, Buf = (uint)r };
                    var data = new I2cRdwrIoctlData32 { Msgs = (uint)msgs, NMsgs = 2 };
                    result = RetryIoctl(I2cIoctl.I2C_RDWR, &data, out errno);
                }
            }
        }

        if (result < 0)
        {
            throw I2cFaults.Create(BusName, address, "write-read", errno);
        }
    }

    internal static void ValidateAddress(int address)
    {
        if (address is < 0x03 or > 0x77)
        {
            throw new ArgumentOutOfRangeException(nameof(address), address, "a 7-bit I2C address must be 0x03-0x77 (0x00-0x02 and 0x78-0x7F are reserved)");
        }
    }

    private static void ValidateLength(int length, string name)
    {
        if (length is 0 or > I2cIoctl.MaxMessageLength)
        {
            throw new ArgumentOutOfRangeException(name, length, $"an I2C message holds 1 to {I2cIoctl.MaxMessageLength} bytes");
        }
    }

    private void Select(int address)
    {
        if (!TrySelect(address, out var errno))
        {
            throw I2cFaults.Create(BusName, address, "select address (I2C_SLAVE)", errno);
        }
    }

    private bool TrySelect(int address, out int errno)
    {
        errno = 0;
        if (_selectedAddress == address)
        {
            return true;
        }

        if (Libc.IoctlValue(_fd, I2cIoctl.I2C_SLAVE, address) < 0)
        {
            errno = Errno.Last;
            _selectedAddress = -1;
            return false;
        }

        _selectedAddress = address;
        return true;
    }

    private bool Smbus(byte readWrite, uint size, I2cSmbusData* data, out int errno)
    {
        if (IntPtr.Size == 8)
        {
            var args = new I2cSmbusIoctlData64 { ReadWrite = readWrite, Size = size, Data = (ulong)data };
            return RetryIoctl(I2cIoctl.I2C_SMBUS, &args, out errno) >= 0;
        }

        var args32 = new I2cSmbusIoctlData32 { ReadWrite = readWrite, Size = size, Data = (uint)data };
        return RetryIoctl(I2cIoctl.I2C_SMBUS, &args32, out errno) >= 0;
    }

    private int RetryIoctl(uint request, void* argument, out int errno)
    {
        int result;
        do
        {
            result = Libc.Ioctl(_fd, request, argument);
            errno = result < 0 ? Errno.Last : 0;
        }
        while (result < 0 && errno == Errno.EINTR);
        return result;
    }
}
