namespace EdgeTwin.Drivers.Devices;

/// <summary>
/// A numeric option of a device type, with its default and the values the chip accepts: either a discrete set
/// (full-scale ranges) or an inclusive range.
/// </summary>
public sealed record DeviceOption(string Name, double Default, double[]? Allowed = null, double Min = double.MinValue, double Max = double.MaxValue)
{
    public string? Check(double value)
    {
        if (Allowed is not null)
        {
            return Array.IndexOf(Allowed, value) >= 0
                ? null
                : $"must be one of {string.Join(", ", Allowed)}, got {value}";
        }

        return value >= Min && value <= Max ? null : $"must be between {Min} and {Max}, got {value}";
    }
}
