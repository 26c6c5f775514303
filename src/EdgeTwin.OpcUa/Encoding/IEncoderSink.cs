namespace EdgeTwin.OpcUa.Encoding;

/// <summary>
/// Where a <see cref="BinaryEncoder"/> puts its bytes when its current span is full: a growing pooled buffer,
/// or the transport, which seals the span as a message chunk and hands out the next chunk's body
/// (OPC 10000-6 §6.7.2: a large response is split while it is encoded, never built whole).
/// </summary>
public interface IEncoderSink
{
    /// <summary>Takes <paramref name="written"/> bytes of the current span; returns the next span (at least 1 byte).</summary>
    Span<byte> Advance(int written, int sizeHint);
}
