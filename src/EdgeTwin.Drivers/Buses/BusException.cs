namespace EdgeTwin.Drivers.Buses;

/// <summary>Why a bus transaction failed; drivers map these to sample quality.</summary>
public enum BusFault
{
    /// <summary>The target did not acknowledge (absent, wrong address, busy).</summary>
    Nack,
    /// <summary>The transaction did not complete in time (clock stretching, stuck SDA).</summary>
    Timeout,
    /// <summary>Another controller won the bus.</summary>
    ArbitrationLost,
    /// <summary>Any other I/O error from the kernel.</summary>
    IoError,
    /// <summary>The device node is missing or not accessible.</summary>
    Unavailable,
}

/// <summary>A failed bus transaction, naming the bus and the target so a user can find the wire.</summary>
public sealed class BusException : IOException
{
    public BusException(BusFault fault, string busName, int address, string message)
        : base($"{busName} 0x{address:X2}: {message}")
    {
        Fault = fault;
        BusName = busName;
        Address = address;
    }

    public BusException(BusFault fault, string busName, int address, string message, Exception inner)
        : base($"{busName} 0x{address:X2}: {message}", inner)
    {
        Fault = fault;
        BusName = busName;
        Address = address;
    }

    /// <summary>A failure of the bus or device node itself (missing, no permission), not of one target; <see cref="Address"/> is -1.</summary>
    public BusException(BusFault fault, string busName, string message, Exception? inner = null)
        : base($"{busName}: {message}", inner)
    {
        Fault = fault;
        BusName = busName;
        Address = -1;
    }

    public BusException()
    {
        BusName = "";
    }

    public BusException(string message)
        : base(message)
    {
        BusName = "";
    }

    public BusException(string message, Exception innerException)
        : base(message, innerException)
    {
        BusName = "";
    }

    public BusFault Fault { get; }

    public string BusName { get; }

    public int Address { get; }
}
