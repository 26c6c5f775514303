namespace EdgeTwin.Drivers.Devices.Encoders.As5600;

/// <summary>Register addresses from the AS5600 datasheet v1-06, "Register Description" (figure 21).</summary>
internal enum As5600Register : byte
{
    Zmco = 0x00,
    ZposH = 0x01,
    ConfH = 0x07,
    ConfL = 0x08,
    Status = 0x0B,
    RawAngleH = 0x0C,
    RawAngleL = 0x0D,
    AngleH = 0x0E,
    AngleL = 0x0F,
    Agc = 0x1A,
    MagnitudeH = 0x1B,
    MagnitudeL = 0x1C,
    Burn = 0xFF,
}

/// <summary>STATUS bits: magnet detected, too weak (AGC at maximum), too strong (AGC at minimum).</summary>
internal static class As5600Status
{
    public const byte MagnetTooStrong = 0x08; // MH
    public const byte MagnetTooWeak = 0x10;   // ML
    public const byte MagnetDetected = 0x20;  // MD
}
