namespace EdgeTwin.Drivers.Devices.Encoders.Quadrature;

/// <summary>The encoder signal an edge came from.</summary>
public enum QuadratureLine
{
    A,
    B,
    Index,
}
