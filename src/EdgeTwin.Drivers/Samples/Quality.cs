namespace EdgeTwin.Drivers.Samples;

/// <summary>
/// The quality of a value as an OPC UA StatusCode (OPC 10000-4 §7.39), so it maps 1:1 onto the
/// StatusCode of a DataValue. The top two bits carry the severity: 00 good, 01 uncertain, 10 bad.
/// </summary>
public readonly record struct Quality(uint Code)
{
    public static readonly Quality Good = new(0x00000000);
    /// <summary>No value has been acquired yet (Bad_WaitingForInitialData).</summary>
    public static readonly Quality WaitingForInitialData = new(0x80320000);
    /// <summary>The bus transaction failed: NACK, timeout, arbitration loss (Bad_CommunicationError).</summary>
    public static readonly Quality CommunicationError = new(0x80050000);
    /// <summary>The device answered but reported a fault or an implausible identity (Bad_DeviceFailure).</summary>
    public static readonly Quality DeviceFailure = new(0x808B0000);
    /// <summary>The sensor element itself failed, e.g. an open thermocouple (Bad_SensorFailure).</summary>
    public static readonly Quality SensorFailure = new(0x808C0000);
    /// <summary>The value sits at a sensor limit, e.g. a saturated accelerometer (Uncertain_SensorNotAccurate).</summary>
    public static readonly Quality SensorNotAccurate = new(0x40930000);
    /// <summary>The value is outside the configured engineering range (Uncertain_EngineeringUnitsExceeded).</summary>
    public static readonly Quality OutOfRange = new(0x40940000);
    /// <summary>The source stopped updating; this is the last value seen (Uncertain_LastUsableValue).</summary>
    public static readonly Quality Stale = new(0x40900000);
    /// <summary>Samples were lost here, e.g. a sensor FIFO overflowed between two reads (Bad_DataLost).</summary>
    public static readonly Quality DataLost = new(0x809D0000);

    public bool IsGood => (Code & 0xC0000000) == 0;
    public bool IsUncertain => (Code & 0xC0000000) == 0x40000000;
    public bool IsBad => (Code & 0x80000000) != 0;

    public override string ToString() => Code switch
    {
        0x00000000 => "Good",
        0x80320000 => "Bad_WaitingForInitialData",
        0x80050000 => "Bad_CommunicationError",
        0x808B0000 => "Bad_DeviceFailure",
        0x808C0000 => "Bad_SensorFailure",
        0x40930000 => "Uncertain_SensorNotAccurate",
        0x40940000 => "Uncertain_EngineeringUnitsExceeded",
        0x40900000 => "Uncertain_LastUsableValue",
        0x809D0000 => "Bad_DataLost",
        _ => IsGood ? $"Good(0x{Code:X8})" : IsUncertain ? $"Uncertain(0x{Code:X8})" : $"Bad(0x{Code:X8})",
    };
}
