using System.Globalization;

namespace EdgeTwin.OpcUa.Encoding;

/// <summary>A 32-bit OPC UA status code (OPC 10000-4 §7.39); the top two bits give its severity.</summary>
public readonly record struct StatusCode(uint Code)
{
    public static readonly StatusCode Good;

    public bool IsGood => (Code & 0xC0000000u) == 0;
    public bool IsUncertain => (Code & 0xC0000000u) == 0x40000000u;
    public bool IsBad => (Code & 0x80000000u) != 0;

    /// <summary>The code without the info bits (the low 16 bits), used to compare a code with a constant.</summary>
    public uint Base => Code & 0xFFFF0000u;

    public static implicit operator StatusCode(uint code) => new(code);

    public StatusCode ToStatusCode() => this;

    public static StatusCode FromUInt32(uint code) => new(code);

    public override string ToString()
    {
        var name = StatusCodes.NameOf(Base);
        return name is null
            ? "0x" + Code.ToString("X8", CultureInfo.InvariantCulture)
            : name + (Code == Base ? string.Empty : " 0x" + Code.ToString("X8", CultureInfo.InvariantCulture));
    }
}
