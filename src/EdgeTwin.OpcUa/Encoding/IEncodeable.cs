namespace EdgeTwin.OpcUa.Encoding;

/// <summary>A structure with a binary encoding (OPC 10000-6 §5.2.6); implemented by the generated types.</summary>
public interface IEncodeable
{
    /// <summary>The node id of the structure's Default Binary encoding, written as the ExtensionObject TypeId.</summary>
    NodeId BinaryEncodingId { get; }

    void Encode(ref BinaryEncoder encoder);

    void Decode(ref BinaryDecoder decoder);
}
