using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Linux.Interop;

namespace EdgeTwin.Drivers.Linux.Gpio;

/// <summary>
/// A requested input line: level reads and, when requested with edge detection, edge events read from the
/// request descriptor into a fixed buffer — one read(2) may return several events, handed out one per call.
/// </summary>
public sealed unsafe class GpioInputLine : IDigitalInput, IEdgeSource, IDisposable
{
    private const int EventBatch = 16;

    private readonly FileDescriptor _fd;
    private readonly GpioV2LineEvent[] _events = new GpioV2LineEvent[EventBatch];
    private int _eventCount;
    private int _eventIndex;
    private uint _lastLineSeqno;

    internal GpioInputLine(string name, FileDescriptor fd)
    {
        Name = name;
        _fd = fd;
    }

    public string Name { get; }

    public long MissedEdges { get; private set; }

    public bool Read()
    {
        var values = new GpioV2LineValues { Mask = 1 };
        if (Libc.Ioctl(_fd, GpioUapi.GPIO_V2_LINE_GET_VALUES_IOCTL, &values) < 0)
        {
            throw new BusException(BusFault.IoError, Name, $"GPIO_V2_LINE_GET_VALUES_IOCTL failed ({Errno.Describe(Errno.Last)})");
        }

        return (values.Bits & 1) != 0;
    }

    public bool TryReadEdge(int timeoutMs, out EdgeEvent edge)
    {
        if (_eventIndex >= _eventCount && !Fill(timeoutMs))
        {
            edge = default;
            return false;
        }

        ref readonly var e = ref _events[_eventIndex++];
        if (_lastLineSeqno != 0 && e.LineSeqno > _lastLineSeqno + 1)
        {
            MissedEdges += e.LineSeqno - _lastLineSeqno - 1;
        }

        _lastLineSeqno = e.LineSeqno;
        edge = new EdgeEvent((long)e.TimestampNs, e.Id == GpioUapi.EventRisingEdge, e.LineSeqno);
        return true;
    }

    public void Dispose() => _fd.Dispose();

    private bool Fill(int timeoutMs)
    {
        var pfd = new PollFd { Fd = _fd.Value, Events = Libc.PollIn };
        int ready;
        int errno;
        do
        {
            ready = Libc.Poll(&pfd, 1, timeoutMs);
            errno = ready < 0 ? Errno.Last : 0;
        }
        while (ready < 0 && errno == Errno.EINTR);

        if (ready < 0)
        {
            throw new BusException(BusFault.IoError, Name, $"poll failed ({Errno.Describe(errno)})");
        }

        if (ready == 0)
        {
            return false;
        }

        nint read;
        fixed (GpioV2LineEvent* buffer = _events)
        {
            read = Interrupted.Restart(&Libc.Read, _fd, (byte*)buffer, (nuint)(EventBatch * sizeof(GpioV2LineEvent)), out errno);
        }

        if (read < 0)
        {
            // EAGAIN after POLLIN cannot happen on a blocking descriptor; anything else means the line is gone.
            throw new BusException(BusFault.IoError, Name, $"reading edge events failed ({Errno.Describe(errno)})");
        }

        _eventCount = (int)(read / sizeof(GpioV2LineEvent));
        _eventIndex = 0;
        return _eventCount > 0;
    }
}
