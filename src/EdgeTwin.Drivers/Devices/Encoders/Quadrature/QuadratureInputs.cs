using EdgeTwin.Drivers.Buses;

namespace EdgeTwin.Drivers.Devices.Encoders.Quadrature;

/// <summary>The opened A, B and optional index lines of an encoder, with the levels A and B had when opened.</summary>
public sealed record QuadratureInputs(IEdgeSource A, IEdgeSource B, IEdgeSource? Index, bool InitialA, bool InitialB);
