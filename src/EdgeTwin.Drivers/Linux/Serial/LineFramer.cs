namespace EdgeTwin.Drivers.Linux.Serial;

/// <summary>
/// Cuts a byte stream into text lines without allocating per line. CR and LF both end a line, so "\n", "\r\n"
/// and bare "\r" devices all work; empty lines are skipped. A line longer than the limit is discarded up to its
/// terminator and counted in <see cref="OverlongLines"/>, so one missing newline cannot grow memory or glue
/// two records together.
/// </summary>
public sealed class LineFramer
{
    private readonly byte[] _pending;
    private int _pendingLength;
    private bool _discarding;

    public LineFramer(int maxLineLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 1);
        _pending = new byte[maxLineLength];
    }

    public int MaxLineLength => _pending.Length;

    public long OverlongLines { get; private set; }

    /// <summary>Bytes held from an unfinished line.</summary>
    public int PendingBytes => _pendingLength;

    /// <summary>
    /// Consumes <paramref name="input"/> up to and including the next line terminator. Returns the line without
    /// its terminator; it is valid until the next call. Returns false when input ran out first (the partial line
    /// is kept for the next call).
    /// </summary>
    public bool TryReadLine(ref ReadOnlySpan<byte> input, out ReadOnlySpan<byte> line)
    {
        while (!input.IsEmpty)
        {
            var end = input.IndexOfAny((byte)'\n', (byte)'\r');
            var chunk = end < 0 ? input : input[..end];
            input = end < 0 ? default : input[(end + 1)..];

            if (!_discarding)
            {
                if (_pendingLength + chunk.Length > _pending.Length)
                {
                    _discarding = true;
                    _pendingLength = 0;
                    OverlongLines++;
                }
                else if (end >= 0 && _pendingLength == 0)
                {
                    // Whole line inside this input: hand out the caller's bytes, no copy.
                    if (!chunk.IsEmpty)
                    {
                        line = chunk;
                        return true;
                    }

                    continue;
                }
                else
                {
                    chunk.CopyTo(_pending.AsSpan(_pendingLength));
                    _pendingLength += chunk.Length;
                }
            }

            if (end < 0)
            {
                break;
            }

            if (_discarding)
            {
                _discarding = false;
                continue;
            }

            if (_pendingLength > 0)
            {
                line = _pending.AsSpan(0, _pendingLength);
                _pendingLength = 0;
                return true;
            }
        }

        line = default;
        return false;
    }

    /// <summary>Forgets a partial line, e.g. after the port was reopened.</summary>
    public void Reset()
    {
        _pendingLength = 0;
        _discarding = false;
    }
}
