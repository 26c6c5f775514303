namespace EdgeTwin.OpcUa.Tests.Interop;

/// <summary>
/// Tests that time real processes (rates, token renewals every second) run on their own, after the
/// CPU-heavy fuzz tests, so a shared two-core machine does not starve their timers.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InteropCollection
{
    public const string Name = "node-opcua interop";
}
