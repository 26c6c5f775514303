namespace EdgeTwin.Drivers.Devices.Imu.Mpu6050;

/// <summary>
/// The chip's 1024-byte FIFO: a byte ring that drops its oldest bytes when full (§4.17: "the oldest data will
/// be lost"), which breaks frame alignment exactly as on the real part, plus the sample clock that fills it.
/// </summary>
internal sealed class Mpu6050FifoModel
{
    private readonly byte[] _ring = new byte[Mpu6050FifoRegister.Capacity];
    private int _head;
    private int _count;
    private byte _lastRead;
    private long _nextSampleNs = long.MinValue;

    public int Count => _count;

    public void Clear()
    {
        _head = 0;
        _count = 0;
    }

    public void Stop() => _nextSampleNs = long.MinValue;

    /// <summary>
    /// How many samples fell due up to <paramref name="nowNs"/> and when the first of them was taken. A long gap
    /// is cut to just over one FIFO's worth: earlier frames would be overwritten anyway.
    /// </summary>
    public int TakeDue(long nowNs, long periodNs, int frameLength, out long firstNs)
    {
        if (_nextSampleNs == long.MinValue)
        {
            _nextSampleNs = nowNs + periodNs;
        }

        firstNs = _nextSampleNs;
        if (nowNs < _nextSampleNs || frameLength == 0)
        {
            return 0;
        }

        var due = (nowNs - _nextSampleNs) / periodNs + 1;
        _nextSampleNs += due * periodNs;
        var useful = Mpu6050FifoRegister.Capacity / frameLength + 2;
        if (due > useful)
        {
            firstNs += (due - useful) * periodNs;
            due = useful;
        }

        return (int)due;
    }

    /// <summary>Appends a frame; false when older bytes had to be dropped to make room.</summary>
    public bool Push(ReadOnlySpan<byte> frame)
    {
        var intact = true;
        foreach (var b in frame)
        {
            if (_count == _ring.Length)
            {
                _head = (_head + 1) % _ring.Length;
                _count--;
                intact = false;
            }

            _ring[(_head + _count) % _ring.Length] = b;
            _count++;
        }

        return intact;
    }

    /// <summary>The next byte; an empty FIFO repeats the last byte read (§4.31).</summary>
    public byte Pop()
    {
        if (_count == 0)
        {
            return _lastRead;
        }

        _lastRead = _ring[_head];
        _head = (_head + 1) % _ring.Length;
        _count--;
        return _lastRead;
    }
}
