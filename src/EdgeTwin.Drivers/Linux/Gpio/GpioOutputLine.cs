using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Linux.Interop;

namespace EdgeTwin.Drivers.Linux.Gpio;

/// <summary>A requested output line. The level is held by the kernel until the line is released.</summary>
public sealed unsafe class GpioOutputLine : IDigitalOutput, IDisposable
{
    private readonly FileDescriptor _fd;

    internal GpioOutputLine(string name, FileDescriptor fd)
    {
        Name = name;
        _fd = fd;
    }

    public string Name { get; }

    public void Write(bool active)
    {
        var values = new GpioV2LineValues { Bits = active ? 1UL : 0UL, Mask = 1 };
        if (Libc.Ioctl(_fd, GpioUapi.GPIO_V2_LINE_SET_VALUES_IOCTL, &values) < 0)
        {
            throw new BusException(BusFault.IoError, Name, $"GPIO_V2_LINE_SET_VALUES_IOCTL failed ({Errno.Describe(Errno.Last)})");
        }
    }

    /// <summary>For an output line the kernel returns the driven value (or the pin level, if the chip can read it).</summary>
    public bool Read()
    {
        var values = new GpioV2LineValues { Mask = 1 };
        if (Libc.Ioctl(_fd, GpioUapi.GPIO_V2_LINE_GET_VALUES_IOCTL, &values) < 0)
        {
            throw new BusException(BusFault.IoError, Name, $"GPIO_V2_LINE_GET_VALUES_IOCTL failed ({Errno.Describe(Errno.Last)})");
        }

        return (values.Bits & 1) != 0;
    }

    public void Dispose() => _fd.Dispose();
}
