namespace EdgeTwin.OpcUa.Tests.Fuzz;

/// <summary>
/// A connection's socket for tests: the derived class decides what the server reads; everything the server writes
/// is recorded, to be split into UA-TCP messages (§7.1.2.2) and inspected.
/// </summary>
internal abstract class RecordingStream : Stream
{
    public MemoryStream Output { get; } = new();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

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

    public byte[] Written()
    {
        lock (Output)
        {
            return Output.ToArray();
        }
    }

    /// <summary>What the server has sent so far, one UA-TCP message a chunk.</summary>
    public List<byte[]> SentChunks() => Traffic.Chunks(Written());
}
