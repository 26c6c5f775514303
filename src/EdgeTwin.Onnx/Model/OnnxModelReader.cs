namespace EdgeTwin.Onnx.Model;

/// <summary>Decodes ONNX model files (onnx.proto ModelProto) from the protobuf wire format.</summary>
public static class OnnxModelReader
{
    /// <exception cref="OnnxFormatException">The bytes are not a valid model or break <paramref name="limits"/>.</exception>
    /// <exception cref="OnnxUnsupportedException">The model stores data this reader does not decode (external data, exotic tensor types).</exception>
    public static OnnxModel Read(ReadOnlySpan<byte> bytes, OnnxReaderLimits? limits = null)
    {
        limits ??= OnnxReaderLimits.Default;
        if (bytes.Length > limits.MaxModelBytes)
        {
            throw new OnnxFormatException("model", $"{bytes.Length} bytes exceeds the limit of {limits.MaxModelBytes} bytes");
        }

        return new ModelDecoder(limits).DecodeModel(bytes);
    }

    /// <summary>Reads a model file, checking its size before reading it into memory.</summary>
    public static OnnxModel ReadFile(string path, OnnxReaderLimits? limits = null)
    {
        limits ??= OnnxReaderLimits.Default;
        return Read(ReadBoundedFile(path, limits.MaxModelBytes), limits);
    }

    internal static byte[] ReadBoundedFile(string path, int maxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length > maxBytes)
        {
            throw new OnnxFormatException("model", $"file '{path}' has {stream.Length} bytes, exceeding the limit of {maxBytes} bytes");
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
