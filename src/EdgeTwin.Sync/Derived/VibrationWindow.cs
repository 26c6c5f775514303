using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Sync.Derived;

/// <summary>
/// RMS, peak (max |x|) and crest factor (peak / RMS) of a vibration signal over a sliding window of the last
/// N samples, O(1) amortized per sample, no allocation after construction.
/// </summary>
/// <remarks>
/// The sum of squares is kept as a running sum and re-summed from the window once per window length, so the
/// rounding of add/subtract cannot accumulate over days. The peak comes from a monotonic deque of indices
/// whose |x| decrease from front to back: the front is the window's maximum.
/// </remarks>
public sealed class VibrationWindow
{
    private readonly double[] _values;
    private readonly long[] _deque;
    private int _dequeHead;
    private int _dequeCount;
    private long _added;
    private double _sumOfSquares;

    public VibrationWindow(int lengthSamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lengthSamples, 1);
        _values = new double[lengthSamples];
        _deque = new long[lengthSamples];
    }

    public int Length => _values.Length;

    /// <summary>The window holds <see cref="Length"/> samples; before that the statistics cover fewer.</summary>
    public bool IsFull => _added >= _values.Length;

    public double Rms => Count == 0 ? 0 : Math.Sqrt(Math.Max(0, _sumOfSquares) / Count);

    public double Peak => _dequeCount == 0 ? 0 : Math.Abs(_values[_deque[_dequeHead] % _values.Length]);

    /// <summary>Peak / RMS: √2 for a sine, higher for impacts (bearing damage), 0 for a silent signal.</summary>
    public double CrestFactor => Rms > 0 ? Peak / Rms : 0;

    private int Count => (int)Math.Min(_added, _values.Length);

    /// <summary>Adds a sample; samples that are not Good or not finite are ignored.</summary>
    public void Add(in Sample sample)
    {
        if (sample.Quality.IsGood && double.IsFinite(sample.Value))
        {
            Add(sample.Value);
        }
    }

    public void Add(double value)
    {
        var slot = (int)(_added % _values.Length);
        if (_added >= _values.Length)
        {
            var leaving = _values[slot];
            _sumOfSquares -= leaving * leaving;
            if (_dequeCount > 0 && _deque[_dequeHead] == _added - _values.Length)
            {
                _dequeHead = (_dequeHead + 1) % _deque.Length;
                _dequeCount--;
            }
        }

        _values[slot] = value;
        _sumOfSquares += value * value;
        var magnitude = Math.Abs(value);
        while (_dequeCount > 0)
        {
            var back = (_dequeHead + _dequeCount - 1) % _deque.Length;
            if (Math.Abs(_values[_deque[back] % _values.Length]) > magnitude)
            {
                break;
            }

            _dequeCount--;
        }

        _deque[(_dequeHead + _dequeCount) % _deque.Length] = _added;
        _dequeCount++;
        _added++;

        if (_added % _values.Length == 0)
        {
            var sum = 0.0;
            foreach (var v in _values)
            {
                sum += v * v;
            }

            _sumOfSquares = sum;
        }
    }
}
