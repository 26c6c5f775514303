namespace EdgeTwin.Protobuf;

/// <summary>Why <see cref="ProtoReader"/> refused the bytes in front of it.</summary>
public enum ProtoError
{
    None,
    Truncated,
    VarintOverflow,
    BadFieldNumber,
    BadWireType,
    LengthOutOfRange,
    GroupsUnsupported,
}

public static class ProtoErrors
{
    /// <summary>Wording for a decoder's own exception; the decoder adds where (field path, offset).</summary>
    public static string Describe(this ProtoError error) => error switch
    {
        ProtoError.Truncated => "truncated: the data ends inside a field",
        ProtoError.VarintOverflow => "malformed varint (longer than 10 bytes or above 64 bits)",
        ProtoError.BadFieldNumber => "invalid field tag (field number 0 or above 2^29-1)",
        ProtoError.BadWireType => "invalid field tag (wire type 6 or 7)",
        ProtoError.LengthOutOfRange => "truncated or corrupt: a length prefix runs past the end of its enclosing message",
        ProtoError.GroupsUnsupported => "group wire type (3/4), deprecated and not supported",
        _ => error.ToString(),
    };
}
