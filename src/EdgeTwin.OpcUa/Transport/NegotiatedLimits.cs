namespace EdgeTwin.OpcUa.Transport;

/// <summary>What both sides agreed in Hello/Acknowledge; 0 for a maximum means "no limit" (§7.1.2.3).</summary>
internal readonly record struct NegotiatedLimits(int ReceiveBufferSize, int SendBufferSize, int MaxRequestSize, int MaxResponseSize, int MaxResponseChunks, int MaxRequestChunks);
