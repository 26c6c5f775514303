namespace EdgeTwin.Drivers.Devices.Encoders.Quadrature;

/// <summary>A consistent snapshot of a <see cref="QuadratureDecoder"/>.</summary>
/// <param name="Count">Signed x4 count: one per edge of A or B.</param>
/// <param name="Direction">+1 after a forward step (A leads B), −1 after a reverse step, 0 before the first.</param>
/// <param name="IllegalTransitions">Edges to a level the line already had: the opposite edge was lost, so the count may be off by 2.</param>
/// <param name="MissedEdges">Gaps in the sources' sequence numbers (edges the kernel dropped).</param>
/// <param name="IndexPulses">Rising edges of the index (Z) line.</param>
/// <param name="CountAtLastIndex">The count latched at the last index pulse; the count within the revolution is Count − this.</param>
/// <param name="LastEdgeNs">Monotonic timestamp of the last A/B edge.</param>
public readonly record struct QuadratureState(
    long Count,
    int Direction,
    long IllegalTransitions,
    long MissedEdges,
    long IndexPulses,
    long CountAtLastIndex,
    long LastEdgeNs);
