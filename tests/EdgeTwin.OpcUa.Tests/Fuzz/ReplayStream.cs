namespace EdgeTwin.OpcUa.Tests.Fuzz;

/// <summary>A connection's socket for tests: reads the given bytes then EOF (or stalls), records what is written.</summary>
internal sealed class ReplayStream(byte[] input, bool stallAtEnd = false) : Stream
{
    private int _position;

    public MemoryStream Output { get; } = new();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= input.Length && stallAtEnd)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        var n = Math.Min(buffer.Length, input.Length - _position);
        input.AsMemory(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count)
    {
        lock (Output)
        {
            Output.Write(buffer, offset, count);
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        lock (Output)
        {
            Output.Write(buffer.Span);
        }

        return ValueTask.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>The status of the ERR message the server sent, if any (§7.1.2.5).</summary>
    public StatusCode? ErrorStatus()
    {
        byte[] bytes;
        lock (Output)
        {
            bytes = Output.ToArray();
        }

        foreach (var chunk in Traffic.Chunks(bytes))
        {
            if (Traffic.TypeOf(chunk) == "ERR")
            {
                return new StatusCode(BitConverter.ToUInt32(chunk, 8));
            }
        }

        return null;
    }

    public List<string> SentTypes()
    {
        lock (Output)
        {
            return Traffic.Chunks(Output.ToArray()).Select(Traffic.TypeOf).ToList();
        }
    }
}
