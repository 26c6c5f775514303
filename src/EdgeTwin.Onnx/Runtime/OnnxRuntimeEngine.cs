using System.Runtime.InteropServices;
using System.Text;
using EdgeTwin.Onnx.Model;

namespace EdgeTwin.Onnx.Runtime;

/// <summary>
/// Scores through the native ONNX Runtime library (C API via function pointers). Input and output tensors
/// wrap pinned buffers created at load and are bound to every run, so a run allocates nothing managed.
/// One instance is not safe for concurrent runs.
/// </summary>
public sealed unsafe class OnnxRuntimeEngine : IInferenceEngine
{
    // ONNXTensorElementDataType values (onnxruntime_c_api.h), equal to TensorProto.DataType.
    private const int ElementFloat = 1;
    private const int ElementInt64 = 7;
    private const int ElementBool = 9;

    private readonly OrtApi _api;
    private readonly Binding[] _inputs;
    private readonly Binding[] _outputs;
    private readonly byte** _inputNames;
    private readonly byte** _outputNames;
    private readonly nint* _inputValues;
    private readonly nint* _outputValues;
    private nint _session;
    private nint _memoryInfo;

    private OnnxRuntimeEngine(OrtApi api, nint session, OnnxRuntimeOptions options)
    {
        _api = api;
        _session = session;
        _memoryInfo = api.CreateCpuMemoryInfo();
        _inputs = new Binding[api.InputCount(session)];
        _outputs = new Binding[api.OutputCount(session)];
        _inputNames = (byte**)NativeMemory.AllocZeroed((nuint)Math.Max(1, _inputs.Length), (nuint)sizeof(nint));
        _outputNames = (byte**)NativeMemory.AllocZeroed((nuint)Math.Max(1, _outputs.Length), (nuint)sizeof(nint));
        _inputValues = (nint*)NativeMemory.AllocZeroed((nuint)Math.Max(1, _inputs.Length), (nuint)sizeof(nint));
        _outputValues = (nint*)NativeMemory.AllocZeroed((nuint)Math.Max(1, _outputs.Length), (nuint)sizeof(nint));
        try
        {
            BindAll(api, session, options.BatchSize);
        }
        catch
        {
            ReleaseBindings();
            throw;
        }

        Inputs = [.. _inputs.Select(b => b.Description)];
        Outputs = [.. _outputs.Select(b => b.Description)];
        Version = api.Version;
    }

    private void BindAll(OrtApi api, nint session, int batchSize)
    {
        for (var i = 0; i < _inputs.Length; i++)
        {
            var (type, dims) = api.InputType(session, i);
            if (type != ElementFloat)
            {
                throw new OnnxUnsupportedException($"input {i} has element type {(OnnxDataType)type}; inputs must be Float");
            }

            _inputs[i] = Bind(api.InputName(session, i), type, dims, batchSize);
            _inputNames[i] = _inputs[i].Name;
            _inputValues[i] = _inputs[i].Value;
        }

        for (var i = 0; i < _outputs.Length; i++)
        {
            var (type, dims) = api.OutputType(session, i);
            if (type is not (ElementFloat or ElementInt64 or ElementBool))
            {
                throw new OnnxUnsupportedException($"output {i} has element type {(OnnxDataType)type}; supported: Float, Int64, Bool");
            }

            _outputs[i] = Bind(api.OutputName(session, i), type, dims, batchSize);
            _outputNames[i] = _outputs[i].Name;
            _outputValues[i] = _outputs[i].Value;
        }
    }

    public IReadOnlyList<TensorDescription> Inputs { get; }

    public IReadOnlyList<TensorDescription> Outputs { get; }

    /// <summary>The native library's version string, e.g. "1.13.1".</summary>
    public string Version { get; }

    /// <exception cref="OnnxRuntimeException">The library cannot be loaded or rejects the model.</exception>
    public static OnnxRuntimeEngine Load(string modelPath, OnnxRuntimeOptions options) =>
        Load(OnnxModelReader.ReadBoundedFile(modelPath, OnnxReaderLimits.Default.MaxModelBytes), options);

    public static OnnxRuntimeEngine Load(ReadOnlySpan<byte> model, OnnxRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var api = OrtApi.Load(options.LibraryPath);
        var sessionOptions = api.CreateSessionOptions(options.IntraOpThreads);
        nint session = 0;
        try
        {
            session = api.CreateSession(model, sessionOptions);
            return new OnnxRuntimeEngine(api, session, options);
        }
        catch
        {
            api.ReleaseSession(session);
            throw;
        }
        finally
        {
            api.ReleaseSessionOptions(sessionOptions);
        }
    }

    public void Run(ReadOnlySpan<float> input, Span<float> output)
    {
        ObjectDisposedException.ThrowIf(_session == 0, this);
        if (_inputs.Length != 1 || _outputs.Length != 1)
        {
            throw new InvalidOperationException($"the model has {_inputs.Length} inputs and {_outputs.Length} outputs; use the multi-tensor Run");
        }

        _inputs[0].CopyIn(input);
        Execute();
        _outputs[0].CopyOut(output);
    }

    public void Run(ReadOnlySpan<ReadOnlyMemory<float>> inputs, ReadOnlySpan<Memory<float>> outputs)
    {
        ObjectDisposedException.ThrowIf(_session == 0, this);
        if (inputs.Length != _inputs.Length || outputs.Length != _outputs.Length)
        {
            throw new ArgumentException($"expected {_inputs.Length} inputs and {_outputs.Length} outputs, got {inputs.Length} and {outputs.Length}");
        }

        for (var i = 0; i < inputs.Length; i++)
        {
            _inputs[i].CopyIn(inputs[i].Span);
        }

        Execute();
        for (var i = 0; i < outputs.Length; i++)
        {
            _outputs[i].CopyOut(outputs[i].Span);
        }
    }

    public void Dispose()
    {
        if (_session == 0)
        {
            return;
        }

        ReleaseBindings();
        _api.ReleaseSession(_session);
        _session = 0;
    }

    private void ReleaseBindings()
    {
        foreach (var binding in _inputs.Concat(_outputs))
        {
            binding?.Release(_api);
        }

        _api.ReleaseMemoryInfo(_memoryInfo);
        _memoryInfo = 0;
        NativeMemory.Free(_inputNames);
        NativeMemory.Free(_outputNames);
        NativeMemory.Free(_inputValues);
        NativeMemory.Free(_outputValues);
    }

    private void Execute() =>
        _api.Check(_api.Run(_session, _inputNames, _inputValues, _inputs.Length, _outputNames, _outputs.Length, _outputValues), "Run");

    private Binding Bind(string name, int type, long[] dims, int batchSize)
    {
        var shape = new int[dims.Length];
        for (var d = 0; d < dims.Length; d++)
        {
            shape[d] = dims[d] switch
            {
                >= 0 and <= 1 << 24 => (int)dims[d],
                < 0 when d == 0 => batchSize,
                _ => throw new OnnxUnsupportedException($"'{name}' dimension {d} is symbolic or too large ({dims[d]}); only the first may be symbolic"),
            };
        }

        var description = new TensorDescription(name, (OnnxDataType)type, shape);
        var length = description.ElementCount;
        Array buffer = type switch
        {
            ElementFloat => GC.AllocateArray<float>(length, pinned: true),
            ElementInt64 => GC.AllocateArray<long>(length, pinned: true),
            _ => GC.AllocateArray<bool>(length, pinned: true),
        };
        var elementSize = type switch
        {
            ElementFloat => 4,
            ElementInt64 => 8,
            _ => 1,
        };
        var data = (void*)Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0);
        var value = _api.CreateTensor(_memoryInfo, data, (nuint)(length * elementSize), [.. shape.Select(s => (long)s)], type);
        var utf8 = Encoding.UTF8.GetBytes(name);
        var nativeName = (byte*)NativeMemory.AllocZeroed((nuint)utf8.Length + 1);
        utf8.CopyTo(new Span<byte>(nativeName, utf8.Length));
        return new Binding(description, buffer, value, nativeName);
    }

    /// <summary>One input or output: its pinned buffer, the OrtValue wrapping it and its UTF-8 name.</summary>
    private sealed class Binding(TensorDescription description, Array buffer, nint value, byte* name)
    {
        public TensorDescription Description { get; } = description;

        public nint Value { get; private set; } = value;

        public byte* Name { get; private set; } = name;

        public void CopyIn(ReadOnlySpan<float> source)
        {
            var target = (float[])buffer;
            if (source.Length != target.Length)
            {
                throw new ArgumentException($"input '{Description.Name}' needs {target.Length} values, got {source.Length}");
            }

            source.CopyTo(target);
        }

        public void CopyOut(Span<float> destination)
        {
            if (destination.Length != buffer.Length)
            {
                throw new ArgumentException($"output '{Description.Name}' has {buffer.Length} values, the destination holds {destination.Length}");
            }

            switch (buffer)
            {
                case float[] floats:
                    floats.AsSpan().CopyTo(destination);
                    break;
                case long[] longs:
                    for (var i = 0; i < longs.Length; i++)
                    {
                        destination[i] = longs[i];
                    }

                    break;
                case bool[] bools:
                    for (var i = 0; i < bools.Length; i++)
                    {
                        destination[i] = bools[i] ? 1f : 0f;
                    }

                    break;
            }
        }

        public void Release(OrtApi api)
        {
            api.ReleaseValue(Value);
            NativeMemory.Free(Name);
            Value = 0;
            Name = null;
        }
    }
}
