using EdgeTwin.OpcUa.Encoding;

namespace EdgeTwin.OpcUa.AddressSpace;

/// <summary>One reference held by its source node (OPC 10000-3 §4.4); inverse entries mirror forward ones.</summary>
public readonly record struct ReferenceEntry(NodeId ReferenceTypeId, bool IsInverse, NodeId TargetId);
