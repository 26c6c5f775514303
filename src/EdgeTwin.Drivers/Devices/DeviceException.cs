namespace EdgeTwin.Drivers.Devices;

/// <summary>The device answered on the bus but is not what the configuration says, or reports a fault.</summary>
public sealed class DeviceException : IOException
{
    public DeviceException()
    {
    }

    public DeviceException(string message)
        : base(message)
    {
    }

    public DeviceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
