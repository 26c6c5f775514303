using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace EdgeTwin.Onnx.Runtime;

/// <summary>
/// The ONNX Runtime C API as a function-pointer table: <c>OrtGetApiBase()->GetApi(ORT_API_VERSION)</c>
/// returns <c>const OrtApi*</c>, a struct of function pointers. The table only ever grows at the end, so
/// slot positions read from onnxruntime_c_api.h of API version 13 (ONNX Runtime 1.13) hold for every
/// later library too. One instance per library path lives for the process, with one OrtEnv.
/// </summary>
internal sealed unsafe class OrtApi
{
    /// <summary>ORT_API_VERSION of the header the slot numbers below come from.</summary>
    public const uint ApiVersion = 13;

    // Slot numbers: position of each member in struct OrtApi (onnxruntime_c_api.h, ORT_API_VERSION 13).
    private const int SlotGetErrorMessage = 2;
    private const int SlotCreateEnv = 3;
    private const int SlotCreateSessionFromArray = 8;
    private const int SlotRun = 9;
    private const int SlotCreateSessionOptions = 10;
    private const int SlotSetSessionGraphOptimizationLevel = 23;
    private const int SlotSetIntraOpNumThreads = 24;
    private const int SlotSessionGetInputCount = 30;
    private const int SlotSessionGetOutputCount = 31;
    private const int SlotSessionGetInputTypeInfo = 33;
    private const int SlotSessionGetOutputTypeInfo = 34;
    private const int SlotSessionGetInputName = 36;
    private const int SlotSessionGetOutputName = 37;
    private const int SlotCreateTensorWithDataAsOrtValue = 49;
    private const int SlotCastTypeInfoToTensorInfo = 55;
    private const int SlotGetTensorElementType = 60;
    private const int SlotGetDimensionsCount = 61;
    private const int SlotGetDimensions = 62;
    private const int SlotCreateCpuMemoryInfo = 69;
    private const int SlotAllocatorFree = 76;
    private const int SlotGetAllocatorWithDefaultOptions = 78;
    private const int SlotReleaseStatus = 93;
    private const int SlotReleaseMemoryInfo = 94;
    private const int SlotReleaseSession = 95;
    private const int SlotReleaseValue = 96;
    private const int SlotReleaseTypeInfo = 98;
    private const int SlotReleaseSessionOptions = 100;

    private const int LoggingLevelError = 3;

    private static readonly ConcurrentDictionary<string, Lazy<OrtApi>> Loaded = new(StringComparer.Ordinal);

    private readonly nint* _table;

    private OrtApi(string path)
    {
        nint library;
        try
        {
            library = NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw new OnnxRuntimeException($"cannot load ONNX Runtime from '{path}': {e.Message}", e);
        }
        catch (BadImageFormatException e)
        {
            throw new OnnxRuntimeException($"'{path}' is not a loadable ONNX Runtime library: {e.Message}", e);
        }

        if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out var getApiBase))
        {
            throw new OnnxRuntimeException($"'{path}' does not export OrtGetApiBase; it is not ONNX Runtime");
        }

        // struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t); const char* (*GetVersionString)(void); }
        var apiBase = ((delegate* unmanaged<nint*>)getApiBase)();
        Version = Marshal.PtrToStringUTF8((nint)((delegate* unmanaged<byte*>)apiBase[1])()) ?? "?";
        _table = (nint*)((delegate* unmanaged<uint, nint>)apiBase[0])(ApiVersion);
        if (_table is null)
        {
            throw new OnnxRuntimeException($"ONNX Runtime {Version} at '{path}' does not offer C API version {ApiVersion}");
        }

        nint env;
        var logId = "edgetwin"u8;
        fixed (byte* id = logId)
        {
            Check(((delegate* unmanaged<int, byte*, nint*, nint>)_table[SlotCreateEnv])(LoggingLevelError, id, &env), "CreateEnv");
        }

        Env = env;
    }

    public string Version { get; }

    public nint Env { get; }

    public static OrtApi Load(string path)
    {
        var full = Path.GetFullPath(path);
        var lazy = Loaded.GetOrAdd(full, p => new Lazy<OrtApi>(() => new OrtApi(p)));
        try
        {
            return lazy.Value;
        }
        catch (OnnxRuntimeException)
        {
            Loaded.TryRemove(full, out _);
            throw;
        }
    }

    public void Check(nint status, string function)
    {
        if (status == 0)
        {
            return;
        }

        var message = Marshal.PtrToStringUTF8((nint)((delegate* unmanaged<nint, byte*>)_table[SlotGetErrorMessage])(status)) ?? "";
        ((delegate* unmanaged<nint, void>)_table[SlotReleaseStatus])(status);
        throw new OnnxRuntimeException($"ONNX Runtime {function} failed: {message}");
    }

    public nint CreateSessionOptions(int intraOpThreads)
    {
        nint options;
        Check(((delegate* unmanaged<nint*, nint>)_table[SlotCreateSessionOptions])(&options), "CreateSessionOptions");
        Check(((delegate* unmanaged<nint, int, nint>)_table[SlotSetIntraOpNumThreads])(options, intraOpThreads), "SetIntraOpNumThreads");
        // ORT_ENABLE_ALL = 99 (GraphOptimizationLevel).
        Check(((delegate* unmanaged<nint, int, nint>)_table[SlotSetSessionGraphOptimizationLevel])(options, 99), "SetSessionGraphOptimizationLevel");
        return options;
    }

    public nint CreateSession(ReadOnlySpan<byte> model, nint options)
    {
        nint session;
        fixed (byte* data = model)
        {
            Check(((delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)_table[SlotCreateSessionFromArray])(Env, data, (nuint)model.Length, options, &session), "CreateSessionFromArray");
        }

        return session;
    }

    public int InputCount(nint session) => Count(session, SlotSessionGetInputCount, "SessionGetInputCount");

    public int OutputCount(nint session) => Count(session, SlotSessionGetOutputCount, "SessionGetOutputCount");

    public string InputName(nint session, int index) => Name(session, index, SlotSessionGetInputName, "SessionGetInputName");

    public string OutputName(nint session, int index) => Name(session, index, SlotSessionGetOutputName, "SessionGetOutputName");

    public (int ElementType, long[] Dims) InputType(nint session, int index) => TypeOf(session, index, SlotSessionGetInputTypeInfo);

    public (int ElementType, long[] Dims) OutputType(nint session, int index) => TypeOf(session, index, SlotSessionGetOutputTypeInfo);

    public nint CreateCpuMemoryInfo()
    {
        nint info;
        // OrtArenaAllocator = 1, OrtMemTypeDefault = 0.
        Check(((delegate* unmanaged<int, int, nint*, nint>)_table[SlotCreateCpuMemoryInfo])(1, 0, &info), "CreateCpuMemoryInfo");
        return info;
    }

    /// <summary>Wraps caller-owned, pinned memory as a tensor OrtValue; ORT does not free <paramref name="data"/>.</summary>
    public nint CreateTensor(nint memoryInfo, void* data, nuint byteLength, long[] shape, int elementType)
    {
        nint value;
        fixed (long* dims = shape)
        {
            Check(((delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)_table[SlotCreateTensorWithDataAsOrtValue])(
                memoryInfo, data, byteLength, dims, (nuint)shape.Length, elementType, &value), "CreateTensorWithDataAsOrtValue");
        }

        return value;
    }

    public nint Run(nint session, byte** inputNames, nint* inputs, int inputCount, byte** outputNames, int outputCount, nint* outputs) =>
        ((delegate* unmanaged<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint>)_table[SlotRun])(
            session, 0, inputNames, inputs, (nuint)inputCount, outputNames, (nuint)outputCount, outputs);

    public void ReleaseSession(nint session) => Release(SlotReleaseSession, session);

    public void ReleaseSessionOptions(nint options) => Release(SlotReleaseSessionOptions, options);

    public void ReleaseValue(nint value) => Release(SlotReleaseValue, value);

    public void ReleaseMemoryInfo(nint info) => Release(SlotReleaseMemoryInfo, info);

    private void Release(int slot, nint handle)
    {
        if (handle != 0)
        {
            ((delegate* unmanaged<nint, void>)_table[slot])(handle);
        }
    }

    private int Count(nint session, int slot, string function)
    {
        nuint count;
        Check(((delegate* unmanaged<nint, nuint*, nint>)_table[slot])(session, &count), function);
        return (int)count;
    }

    private string Name(nint session, int index, int slot, string function)
    {
        nint allocator;
        Check(((delegate* unmanaged<nint*, nint>)_table[SlotGetAllocatorWithDefaultOptions])(&allocator), "GetAllocatorWithDefaultOptions");
        byte* name;
        Check(((delegate* unmanaged<nint, nuint, nint, byte**, nint>)_table[slot])(session, (nuint)index, allocator, &name), function);
        var text = Marshal.PtrToStringUTF8((nint)name) ?? "";
        Check(((delegate* unmanaged<nint, void*, nint>)_table[SlotAllocatorFree])(allocator, name), "AllocatorFree");
        return text;
    }

    private (int ElementType, long[] Dims) TypeOf(nint session, int index, int slot)
    {
        nint typeInfo;
        Check(((delegate* unmanaged<nint, nuint, nint*, nint>)_table[slot])(session, (nuint)index, &typeInfo), "SessionGet*TypeInfo");
        try
        {
            nint tensorInfo;
            Check(((delegate* unmanaged<nint, nint*, nint>)_table[SlotCastTypeInfoToTensorInfo])(typeInfo, &tensorInfo), "CastTypeInfoToTensorInfo");
            if (tensorInfo == 0)
            {
                throw new OnnxUnsupportedException($"model value {index} is not a tensor");
            }

            int elementType;
            Check(((delegate* unmanaged<nint, int*, nint>)_table[SlotGetTensorElementType])(tensorInfo, &elementType), "GetTensorElementType");
            nuint rank;
            Check(((delegate* unmanaged<nint, nuint*, nint>)_table[SlotGetDimensionsCount])(tensorInfo, &rank), "GetDimensionsCount");
            var dims = new long[(int)rank];
            fixed (long* d = dims)
            {
                Check(((delegate* unmanaged<nint, long*, nuint, nint>)_table[SlotGetDimensions])(tensorInfo, d, rank), "GetDimensions");
            }

            return (elementType, dims);
        }
        finally
        {
            Release(SlotReleaseTypeInfo, typeInfo);
        }
    }
}
