using System.Numerics;
using System.Runtime.InteropServices;

namespace EdgeTwin.Onnx.Evaluation.Kernels;

/// <summary>
/// Y = alpha * A' * B' + beta * C. A constant B (the usual weight matrix) is laid out at load as rows of B'
/// transposed, so each output element is one contiguous dot product.
/// </summary>
internal sealed class GemmKernel : Kernel
{
    private readonly float[] _a;
    private readonly bool _transA;
    private readonly float[] _b;
    private readonly bool _bRowsPerOutput;
    private readonly bool _transB;
    private readonly int _m;
    private readonly int _k;
    private readonly int _n;
    private readonly float _alpha;
    private readonly float[]? _c;
    private readonly int[]? _cMap;
    private readonly float _beta;
    private readonly float[] _y;
    private readonly float[] _row;

    public GemmKernel(float[] a, bool transA, Tensor b, bool transB, int m, int k, int n, float alpha, float[]? c, int[]? cMap, float beta, float[] y)
    {
        (_a, _transA, _transB, _m, _k, _n, _alpha, _c, _cMap, _beta, _y) = (a, transA, transB, m, k, n, alpha, c, cMap, beta, y);
        _row = new float[k];
        if (b.IsConstant)
        {
            // Store B' as [n, k] so row j of it is column j of the product.
            _b = new float[n * k];
            for (var j = 0; j < n; j++)
            {
                for (var p = 0; p < k; p++)
                {
                    _b[(j * k) + p] = transB ? b.Floats[(j * k) + p] : b.Floats[(p * n) + j];
                }
            }

            _bRowsPerOutput = true;
        }
        else
        {
            _b = b.Floats;
        }
    }

    public override void Execute()
    {
        for (var i = 0; i < _m; i++)
        {
            ReadOnlySpan<float> aRow;
            if (_transA)
            {
                for (var p = 0; p < _k; p++)
                {
                    _row[p] = _a[(p * _m) + i];
                }

                aRow = _row;
            }
            else
            {
                aRow = _a.AsSpan(i * _k, _k);
            }

            for (var j = 0; j < _n; j++)
            {
                float sum;
                if (_bRowsPerOutput)
                {
                    sum = Dot(aRow, _b.AsSpan(j * _k, _k));
                }
                else
                {
                    sum = 0;
                    for (var p = 0; p < _k; p++)
                    {
                        sum += aRow[p] * (_transB ? _b[(j * _k) + p] : _b[(p * _n) + j]);
                    }
                }

                var index = (i * _n) + j;
                var value = _alpha * sum;
                if (_c is not null)
                {
                    value += _beta * _c[_cMap is null ? index : _cMap[index]];
                }

                _y[index] = value;
            }
        }
    }

    internal static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var sum = 0f;
        var i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var acc = Vector<float>.Zero;
            var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
            var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
            for (var v = 0; v < vx.Length; v++)
            {
                acc += vx[v] * vy[v];
            }

            sum = Vector.Sum(acc);
            i = vx.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }
}
