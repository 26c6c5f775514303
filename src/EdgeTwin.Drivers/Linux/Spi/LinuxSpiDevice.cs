using System.Buffers;
using System.Globalization;
using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Linux.Interop;

namespace EdgeTwin.Drivers.Linux.Spi;

/// <summary>
/// One chip select through spidev (<c>/dev/spidevB.C</c>, Documentation/spi/spidev.rst). Each transfer is one
/// SPI_IOC_MESSAGE ioctl, so chip select stays asserted across all its parts unless a part asks for cs_change.
/// </summary>
public sealed unsafe class LinuxSpiDevice : ISpiDevice, IDisposable
{
    /// <summary>Parts per message; more would rarely help and keeps the descriptor array on the stack.</summary>
    public const int MaxSegments = 16;

    private readonly FileDescriptor _fd;
    private readonly Lock _lock = new();

    private LinuxSpiDevice(string path, FileDescriptor fd, SpiSettings settings)
    {
        BusName = path;
        _fd = fd;
        Settings = settings;
    }

    public string BusName { get; }

    public SpiSettings Settings { get; }

    public static LinuxSpiDevice Open(int bus, int chipSelect, SpiSettings settings) =>
        Open(string.Create(CultureInfo.InvariantCulture, $"/dev/spidev{bus}.{chipSelect}"), settings);

    /// <exception cref="BusException">The node is missing, not accessible, or refused the settings.</exception>
    public static LinuxSpiDevice Open(string path, SpiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.BitsPerWord is 0 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.BitsPerWord, "bits per word must be 1-32");
        }

        if (settings.MaxSpeedHz == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "max speed must be above 0 Hz");
        }

        var fd = DeviceNode.Open(path, Libc.ORdWr, DeviceKind.Spi);
        try
        {
            var mode = (uint)settings.Mode;
            var bits = settings.BitsPerWord;
            var speed = settings.MaxSpeedHz;
            Set(fd, path, SpiIoctl.SPI_IOC_WR_MODE32, &mode, $"mode 0x{mode:X}");
            Set(fd, path, SpiIoctl.SPI_IOC_WR_BITS_PER_WORD, &bits, $"{bits} bits per word");
            Set(fd, path, SpiIoctl.SPI_IOC_WR_MAX_SPEED_HZ, &speed, $"{speed} Hz");
        }
        catch
        {
            fd.Dispose();
            throw;
        }

        return new LinuxSpiDevice(path, fd, settings);
    }

    public void Transfer(ReadOnlySpan<byte> tx, Span<byte> rx)
    {
        if (!rx.IsEmpty && !tx.IsEmpty && rx.Length != tx.Length)
        {
            throw new ArgumentException("tx and rx must be the same length for a full-duplex transfer", nameof(rx));
        }

        fixed (byte* t = tx)
        fixed (byte* r = rx)
        {
            var transfer = Describe(t, tx.Length, r, rx.Length, default);
            Submit(&transfer, 1);
        }
    }

    /// <summary>Several parts in one message (e.g. command, then a read with a delay between), CS held throughout.</summary>
    public void Transfer(ReadOnlySpan<SpiSegment> segments)
    {
        if (segments.IsEmpty || segments.Length > MaxSegments)
        {
            throw new ArgumentOutOfRangeException(nameof(segments), segments.Length, $"a message has 1 to {MaxSegments} segments");
        }

        var handles = ArrayPool<MemoryHandle>.Shared.Rent(segments.Length * 2);
        try
        {
            var transfers = stackalloc SpiIocTransfer[segments.Length];
            Prepare(segments, new Span<SpiIocTransfer>(transfers, segments.Length), handles);
            Submit(transfers, segments.Length);
        }
        finally
        {
            for (var i = 0; i < segments.Length * 2; i++)
            {
                handles[i].Dispose();
                handles[i] = default;
            }

            ArrayPool<MemoryHandle>.Shared.Return(handles);
        }
    }

    /// <summary>Pins each segment's buffers into <paramref name="handles"/> (tx, rx per segment) and describes them.</summary>
    internal static void Prepare(ReadOnlySpan<SpiSegment> segments, Span<SpiIocTransfer> transfers, MemoryHandle[] handles)
    {
        for (var i = 0; i < segments.Length; i++)
        {
            var s = segments[i];
            handles[2 * i] = s.Tx.Pin();
            handles[(2 * i) + 1] = s.Rx.Pin();
            transfers[i] = Describe(
                (byte*)handles[2 * i].Pointer, s.Tx.Length, (byte*)handles[(2 * i) + 1].Pointer, s.Rx.Length, s);
        }
    }

    public void Dispose() => _fd.Dispose();

    /// <summary>Fills one spi_ioc_transfer; a missing side is a null pointer, which spidev treats as "send zeros" / "discard".</summary>
    internal static SpiIocTransfer Describe(byte* tx, int txLength, byte* rx, int rxLength, in SpiSegment options)
    {
        if (txLength != 0 && rxLength != 0 && txLength != rxLength)
        {
            throw new ArgumentException($"segment tx ({txLength} bytes) and rx ({rxLength} bytes) differ in length");
        }

        return new SpiIocTransfer
        {
            TxBuf = txLength == 0 ? 0 : (ulong)tx,
            RxBuf = rxLength == 0 ? 0 : (ulong)rx,
            Len = (uint)Math.Max(txLength, rxLength),
            SpeedHz = options.SpeedHz,
            DelayUsecs = options.DelayUsecs,
            CsChange = options.CsChange ? (byte)1 : (byte)0,
        };
    }

    private void Submit(SpiIocTransfer* transfers, int count)
    {
        int result;
        int errno;
        lock (_lock)
        {
            do
            {
                result = Libc.Ioctl(_fd, SpiIoctl.Message(count), transfers);
                errno = result < 0 ? Errno.Last : 0;
            }
            while (result < 0 && errno == Errno.EINTR);
        }

        if (result < 0)
        {
            // EMSGSIZE: the message exceeds spidev's bufsiz module parameter (4096 bytes by default).
            throw new BusException(BusFault.IoError, BusName, $"SPI_IOC_MESSAGE({count}) failed ({Errno.Describe(errno)})");
        }
    }

    private static void Set(FileDescriptor fd, string path, uint request, void* value, string what)
    {
        if (Libc.Ioctl(fd, request, value) < 0)
        {
            var errno = Errno.Last;
            throw new BusException(BusFault.Unavailable, path, $"the controller refused {what} ({Errno.Describe(errno)})");
        }
    }
}
