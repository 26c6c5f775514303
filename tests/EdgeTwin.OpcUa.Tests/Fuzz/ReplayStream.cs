namespace EdgeTwin.OpcUa.Tests.Fuzz;

/// <summary>A connection's socket for tests: reads the given bytes then EOF (or stalls), records what is written.</summary>
internal sealed class ReplayStream(byte[] input, bool stallAtEnd = false) : RecordingStream
{
    private int _position;

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

    /// <summary>The status of the ERR message the server sent, if any (§7.1.2.5).</summary>
    public StatusCode? ErrorStatus()
    {
        foreach (var chunk in SentChunks())
        {
            if (Traffic.TypeOf(chunk) == "ERR")
            {
                return new StatusCode(BitConverter.ToUInt32(chunk, 8));
            }
        }

        return null;
    }

    public List<string> SentTypes() => SentChunks().Select(Traffic.TypeOf).ToList();
}
