using System.Buffers;
using System.Buffers.Binary;
using EdgeTwin.OpcUa.Encoding;

namespace EdgeTwin.OpcUa.Subscriptions;

/// <summary>
/// A DataChangeNotification (OPC 10000-4 §7.20.2) encoded once, straight from the monitored items' queues, when
/// its NotificationMessage is built. With 10,000 items at 100 ms that is 100,000 notifications a second: as
/// objects they were the server's main allocation and GC cost, and each was encoded again for every response.
/// The bytes live in a pooled buffer shared by the retransmission queue (for Republish, §5.13.6) and the
/// Publish response being sent, each holding a reference; the last release returns the buffer to the pool.
/// </summary>
internal sealed class EncodedDataChange : IEncodeable, IPreEncodedBody
{
    /// <summary>
    /// Draining stops once a message body passes this size; the rest goes out with MoreNotifications in the next
    /// response, so one message stays far below a client's MaxMessageSize however many items report at once.
    /// </summary>
    private const int SoftBodyLimit = 1 << 19;

    private byte[]? _buffer;
    private readonly int _length;
    private int _references = 1;

    private EncodedDataChange(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    public NodeId BinaryEncodingId => DataChangeNotification.TypeBinaryEncodingId;

    public ReadOnlySpan<byte> EncodedBody => (_buffer ?? throw new ObjectDisposedException(nameof(EncodedDataChange))).AsSpan(0, _length);

    /// <summary>Drains up to <paramref name="max"/> queued values of the reporting items into one encoded body.</summary>
    /// <param name="drainedAll">True when every reporting item was drained empty, so the subscription has nothing
    /// more to report without scanning its items again; false when a limit stopped the drain.</param>
    public static EncodedDataChange Drain(IEnumerable<MonitoredItem> items, int max, int sizeHint, out int notifications, out bool drainedAll)
    {
        drainedAll = true;
        var buffer = new PooledBuffer(sizeHint, 32 * SoftBodyLimit);
        try
        {
            var e = new BinaryEncoder(buffer, EncodingLimits.Default);
            e.WriteInt32(0); // MonitoredItems count, patched below
            notifications = 0;
            foreach (var item in items)
            {
                if (item.Mode == MonitoringMode.Reporting || item.ForceReport)
                {
                    notifications += item.DrainTo(ref e, max - notifications);
                    if (item.QueuedCount == 0)
                    {
                        item.ForceReport = false;
                    }
                }

                if (notifications >= max || buffer.Length + e.Position >= SoftBodyLimit)
                {
                    drainedAll = false;
                    break;
                }
            }

            e.WriteInt32(0); // DiagnosticInfos: none
            e.Flush();
            var length = buffer.Length;
            var array = buffer.Detach();
            BinaryPrimitives.WriteInt32LittleEndian(array, notifications);
            return new EncodedDataChange(array, length);
        }
        finally
        {
            buffer.Dispose();
        }
    }

    public int Length => _length;

    public EncodedDataChange Retain()
    {
        Interlocked.Increment(ref _references);
        return this;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0 && Interlocked.Exchange(ref _buffer, null) is { } array)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    /// <summary>A copy that owns its bytes, for a response whose lifetime this body's references do not cover.</summary>
    public ExtensionObject ToExtensionObject() => new(BinaryEncodingId, ExtensionObjectEncoding.Binary, EncodedBody.ToArray());

    public void Encode(ref BinaryEncoder encoder) => encoder.WriteRaw(EncodedBody);

    public void Decode(ref BinaryDecoder decoder) => throw new NotSupportedException("an encoded DataChangeNotification is only written");
}
