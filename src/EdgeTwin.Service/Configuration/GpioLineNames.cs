namespace EdgeTwin.Service.Configuration;

/// <summary>The GPIO lines of a quadrature encoder: offsets ("23") or line names ("GPIO23") on its chip.</summary>
public sealed record GpioLineNames(string A, string B, string? Index)
{
    public IEnumerable<string> All => Index is null ? [A, B] : [A, B, Index];
}
