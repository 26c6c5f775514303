using System.Globalization;
using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Linux.Interop;

namespace EdgeTwin.Drivers.Linux.Gpio;

/// <summary>
/// A GPIO controller through the character device (<c>/dev/gpiochipN</c>, uAPI v2,
/// Documentation/userspace-api/gpio/chardev.rst). Lines are requested from it and then live on their own.
/// </summary>
public sealed unsafe class GpioChip : IDisposable
{
    private readonly FileDescriptor _fd;

    private GpioChip(string path, FileDescriptor fd, string name, string label, int lineCount)
    {
        Path = path;
        _fd = fd;
        Name = name;
        Label = label;
        LineCount = lineCount;
    }

    public string Path { get; }

    /// <summary>The kernel name, e.g. "gpiochip0".</summary>
    public string Name { get; }

    /// <summary>The driver's label, e.g. "pinctrl-rp1" on a Raspberry Pi 5 or "pinctrl-bcm2711" on a Pi 4.</summary>
    public string Label { get; }

    public int LineCount { get; }

    public static GpioChip Open(int chipNumber) =>
        Open("/dev/gpiochip" + chipNumber.ToString(CultureInfo.InvariantCulture));

    /// <exception cref="BusException">The node is missing, not accessible or not a GPIO chip.</exception>
    public static GpioChip Open(string path)
    {
        var fd = DeviceNode.Open(path, Libc.ORdWr, DeviceKind.Gpio);
        GpioChipInfo info;
        if (Libc.Ioctl(fd, GpioUapi.GPIO_GET_CHIPINFO_IOCTL, &info) < 0)
        {
            var errno = Errno.Last;
            fd.Dispose();
            throw new BusException(BusFault.Unavailable, path, $"not a GPIO character device: GPIO_GET_CHIPINFO_IOCTL failed ({Errno.Describe(errno)})");
        }

        return new GpioChip(
            path,
            fd,
            GpioLineConfigBuilder.CString(info.Name, GpioUapi.MaxNameSize),
            GpioLineConfigBuilder.CString(info.Label, GpioUapi.MaxNameSize),
            (int)info.Lines);
    }

    /// <summary>Opens the first <c>gpiochip*</c> in <paramref name="deviceDirectory"/> whose label matches.</summary>
    /// <exception cref="BusException">No chip has that label (the message lists the labels found).</exception>
    public static GpioChip OpenByLabel(string label, string deviceDirectory = "/dev")
    {
        var seen = new List<string>();
        var nodes = Directory.Exists(deviceDirectory)
            ? Directory.GetFiles(deviceDirectory, "gpiochip*")
            : [];
        Array.Sort(nodes, StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            GpioChip chip;
            try
            {
                chip = Open(node);
            }
            catch (BusException ex)
            {
                seen.Add($"{node} ({ex.Message})");
                continue;
            }

            if (string.Equals(chip.Label, label, StringComparison.Ordinal))
            {
                return chip;
            }

            seen.Add($"{node} \"{chip.Label}\"");
            chip.Dispose();
        }

        var found = seen.Count == 0 ? $"no gpiochip nodes in {deviceDirectory}" : "found " + string.Join(", ", seen);
        throw new BusException(BusFault.Unavailable, deviceDirectory,
            $"no GPIO chip labelled \"{label}\": {found}; {DeviceAccessHint.HowToEnable(DeviceKind.Gpio)}");
    }

    public GpioLineInfo GetLineInfo(int offset)
    {
        ValidateOffset(offset);
        var info = new GpioV2LineInfo { Offset = (uint)offset };
        if (Libc.Ioctl(_fd, GpioUapi.GPIO_V2_GET_LINEINFO_IOCTL, &info) < 0)
        {
            throw new BusException(BusFault.IoError, Path, $"GPIO_V2_GET_LINEINFO_IOCTL for line {offset} failed ({Errno.Describe(Errno.Last)})");
        }

        uint debounce = 0;
        for (var i = 0; i < Math.Min((int)info.NumAttrs, GpioUapi.NumAttrsMax); i++)
        {
            if (info.Attrs[i].Id == GpioUapi.AttrIdDebounce)
            {
                debounce = info.Attrs[i].DebouncePeriodUs;
            }
        }

        return new GpioLineInfo(
            offset,
            GpioLineConfigBuilder.CString(info.Name, GpioUapi.MaxNameSize),
            GpioLineConfigBuilder.CString(info.Consumer, GpioUapi.MaxNameSize),
            (GpioLineProperties)info.Flags,
            debounce);
    }

    /// <summary>The offset of the line with this name (e.g. "GPIO17"), or -1.</summary>
    public int FindLine(string name)
    {
        for (var offset = 0; offset < LineCount; offset++)
        {
            if (string.Equals(GetLineInfo(offset).Name, name, StringComparison.Ordinal))
            {
                return offset;
            }
        }

        return -1;
    }

    public GpioInputLine RequestInput(int offset, GpioInputOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = GpioLineConfigBuilder.ForInput(options);
        var request = GpioLineConfigBuilder.Request(offset, options.Consumer, config, options.EventBufferSize);
        return new GpioInputLine(LineName(offset), RequestLine(offset, ref request));
    }

    public GpioOutputLine RequestOutput(int offset, bool initialActive, GpioOutputOptions? options = null)
    {
        options ??= new GpioOutputOptions();
        var config = GpioLineConfigBuilder.ForOutput(initialActive, options);
        var request = GpioLineConfigBuilder.Request(offset, options.Consumer, config, 0);
        return new GpioOutputLine(LineName(offset), RequestLine(offset, ref request));
    }

    public void Dispose() => _fd.Dispose();

    private string LineName(int offset) => string.Create(CultureInfo.InvariantCulture, $"{Path}:{offset}");

    private FileDescriptor RequestLine(int offset, ref GpioV2LineRequest request)
    {
        ValidateOffset(offset);
        fixed (GpioV2LineRequest* r = &request)
        {
            if (Libc.Ioctl(_fd, GpioUapi.GPIO_V2_GET_LINE_IOCTL, r) < 0)
            {
                var errno = Errno.Last;
                var why = errno == Errno.EBUSY
                    ? $"line {offset} is in use by \"{GetLineInfo(offset).Consumer}\""
                    : $"GPIO_V2_GET_LINE_IOCTL for line {offset} failed ({Errno.Describe(errno)})";
                throw new BusException(errno == Errno.EBUSY ? BusFault.Unavailable : BusFault.IoError, Path, why);
            }
        }

        return new FileDescriptor(request.Fd);
    }

    private void ValidateOffset(int offset)
    {
        if ((uint)offset >= (uint)LineCount)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"{Path} has lines 0-{LineCount - 1}");
        }
    }
}
