namespace EdgeTwin.Drivers.Buses;

/// <summary>One edge on an input line.</summary>
/// <param name="TimestampNs">
/// When the kernel saw the edge, in CLOCK_MONOTONIC nanoseconds — the clock behind
/// <see cref="Time.IClock.MonotonicNowNs"/>, so <see cref="Time.IClock.ToUtcNs"/> converts it.
/// </param>
/// <param name="Rising">True for inactive → active, false for active → inactive.</param>
/// <param name="Sequence">Per-line sequence number from the source; a gap means edges were lost.</param>
public readonly record struct EdgeEvent(long TimestampNs, bool Rising, uint Sequence);

/// <summary>An input that reports edges (counters, encoders, e-stop), read from one dedicated thread.</summary>
public interface IEdgeSource
{
    /// <summary>Waits up to <paramref name="timeoutMs"/> (-1 = forever) for the next edge; false on timeout.</summary>
    bool TryReadEdge(int timeoutMs, out EdgeEvent edge);

    /// <summary>Edges dropped because the reader fell behind (the kernel's event buffer overflowed).</summary>
    long MissedEdges { get; }
}
