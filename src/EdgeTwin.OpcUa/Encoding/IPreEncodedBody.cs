namespace EdgeTwin.OpcUa.Encoding;

/// <summary>
/// An ExtensionObject body that already holds its binary encoding: the encoder writes its bytes as they are
/// instead of encoding the body into a scratch buffer to learn its length first.
/// </summary>
public interface IPreEncodedBody
{
    ReadOnlySpan<byte> EncodedBody { get; }
}
