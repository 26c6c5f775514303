namespace EdgeTwin.Drivers.Linux.Gpio;

/// <summary>enum gpio_v2_line_flag of &lt;linux/gpio.h&gt;.</summary>
[Flags]
public enum GpioLineProperties : ulong
{
    None = 0,
    /// <summary>The line is taken (by the kernel or another process).</summary>
    Used = 1 << 0,
    ActiveLow = 1 << 1,
    Input = 1 << 2,
    Output = 1 << 3,
    EdgeRising = 1 << 4,
    EdgeFalling = 1 << 5,
    OpenDrain = 1 << 6,
    OpenSource = 1 << 7,
    BiasPullUp = 1 << 8,
    BiasPullDown = 1 << 9,
    BiasDisabled = 1 << 10,
    EventClockRealtime = 1 << 11,
    EventClockHte = 1 << 12,
}

public enum GpioBias
{
    /// <summary>Leave the bias as the hardware or device tree set it.</summary>
    AsIs,
    PullUp,
    PullDown,
    Disabled,
}

public enum GpioEdge
{
    None,
    Rising,
    Falling,
    Both,
}

/// <summary>How an input line is requested.</summary>
public sealed record GpioInputOptions
{
    public GpioBias Bias { get; init; } = GpioBias.AsIs;

    public GpioEdge Edge { get; init; } = GpioEdge.None;

    /// <summary>Kernel debounce period in microseconds; 0 disables it.</summary>
    public uint DebounceUs { get; init; }

    public bool ActiveLow { get; init; }

    /// <summary>Kernel-side event queue length (0 = the kernel default of 16 per line).</summary>
    public uint EventBufferSize { get; init; }

    /// <summary>Shown by gpioinfo as the line's user.</summary>
    public string Consumer { get; init; } = "edgetwin";
}

/// <summary>How an output line is requested.</summary>
public sealed record GpioOutputOptions
{
    public bool ActiveLow { get; init; }

    public bool OpenDrain { get; init; }

    public string Consumer { get; init; } = "edgetwin";
}

/// <summary>What the kernel reports about one line (GPIO_V2_GET_LINEINFO_IOCTL).</summary>
public sealed record GpioLineInfo(int Offset, string Name, string Consumer, GpioLineProperties Flags, uint DebouncePeriodUs);
