namespace EdgeTwin.OpcUa.Services;

/// <summary>The references of a Browse left for BrowseNext (OPC 10000-4 §7.9 ContinuationPoint).</summary>
internal sealed class BrowseContinuation(ReferenceDescription[] remaining, uint maxPerCall)
{
    public ReferenceDescription[] Remaining { get; set; } = remaining;
    public uint MaxPerCall { get; } = maxPerCall;
}
