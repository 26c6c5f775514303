namespace EdgeTwin.OpcUa.Encoding;

public enum ExtensionObjectEncoding : byte
{
    None = 0,
    Binary = 1,
    Xml = 2,
}

/// <summary>
/// A structure carried by reference to its encoding node (OPC 10000-6 §5.2.2.15). Known ns0 structures are
/// decoded into <see cref="Body"/>; anything else keeps its bytes in <see cref="RawBody"/>.
/// </summary>
public sealed class ExtensionObject : IEquatable<ExtensionObject>
{
    public ExtensionObject(IEncodeable body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Body = body;
        TypeId = body.BinaryEncodingId;
        Encoding = ExtensionObjectEncoding.Binary;
    }

    public ExtensionObject(NodeId typeId, ExtensionObjectEncoding encoding, byte[]? rawBody, string? xmlBody = null)
    {
        TypeId = typeId;
        Encoding = encoding;
        RawBody = rawBody;
        XmlBody = xmlBody;
    }

    /// <summary>The encoding node id (e.g. ReadRequest_Encoding_DefaultBinary).</summary>
    public NodeId TypeId { get; }
    public ExtensionObjectEncoding Encoding { get; }
    public IEncodeable? Body { get; }
    public byte[]? RawBody { get; }
    public string? XmlBody { get; }

    public bool Equals(ExtensionObject? other)
    {
        if (other is null)
        {
            return false;
        }

        if (TypeId != other.TypeId || Encoding != other.Encoding || XmlBody != other.XmlBody)
        {
            return false;
        }

        return EncodedBody().AsSpan().SequenceEqual(other.EncodedBody());
    }

    public override bool Equals(object? obj) => Equals(obj as ExtensionObject);

    public override int GetHashCode() => HashCode.Combine(TypeId, Encoding);

    /// <summary>The body as bytes (encodes a decoded body); used for equality, not on hot paths.</summary>
    public byte[] EncodedBody()
    {
        if (Body is null)
        {
            return RawBody ?? [];
        }

        using var buffer = new PooledBuffer(256);
        var encoder = new BinaryEncoder(buffer, EncodingLimits.Default);
        Body.Encode(ref encoder);
        encoder.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
