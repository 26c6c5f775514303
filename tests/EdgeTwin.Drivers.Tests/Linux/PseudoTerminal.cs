using System.Text;
using EdgeTwin.Drivers.Linux.Interop;

namespace EdgeTwin.Drivers.Tests.Linux;

/// <summary>A real pseudo-terminal pair (posix_openpt/grantpt/unlockpt/ptsname_r): the slave stands in for a UART.</summary>
internal sealed unsafe class PseudoTerminal : IDisposable
{
    private readonly FileDescriptor _master;

    public PseudoTerminal()
    {
        var fd = Libc.PosixOpenPt(Libc.ORdWr | Libc.ONoCtty);
        if (fd < 0)
        {
            throw new InvalidOperationException($"posix_openpt failed: {Errno.Describe(Errno.Last)}");
        }

        _master = new FileDescriptor(fd);
        var name = stackalloc byte[128];
        if (Libc.GrantPt(_master) != 0 || Libc.UnlockPt(_master) != 0 || Libc.PtsNameR(_master, name, 128) != 0)
        {
            throw new InvalidOperationException($"pty setup failed: {Errno.Describe(Errno.Last)}");
        }

        var text = new ReadOnlySpan<byte>(name, 128);
        SlavePath = Encoding.ASCII.GetString(text[..text.IndexOf((byte)0)]);
    }

    public string SlavePath { get; }

    public void Write(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            var done = 0;
            while (done < data.Length)
            {
                var n = Libc.Write(_master, p + done, (nuint)(data.Length - done));
                if (n < 0)
                {
                    throw new InvalidOperationException($"write to pty master failed: {Errno.Describe(Errno.Last)}");
                }

                done += (int)n;
            }
        }
    }

    public void Write(string text) => Write(Encoding.Latin1.GetBytes(text));

    /// <summary>Reads what the slave side wrote, waiting up to <paramref name="timeoutMs"/> for the first byte.</summary>
    public int Read(Span<byte> buffer, int timeoutMs)
    {
        var pfd = new PollFd { Fd = _master.Value, Events = Libc.PollIn };
        if (Libc.Poll(&pfd, 1, timeoutMs) <= 0)
        {
            return 0;
        }

        fixed (byte* p = buffer)
        {
            var n = Libc.Read(_master, p, (nuint)buffer.Length);
            return n < 0 ? 0 : (int)n;
        }
    }

    public void Dispose() => _master.Dispose();
}
