namespace EdgeTwin.Drivers.Devices.Pwm.Pca9685;

/// <summary>Register addresses and bits from the NXP PCA9685 product data sheet rev 4, §7.3.</summary>
internal static class Pca9685Register
{
    public const byte Mode1 = 0x00;
    public const byte Mode2 = 0x01;

    /// <summary>LEDn_ON_L; channel n's four registers (ON_L, ON_H, OFF_L, OFF_H) start at 0x06 + 4n.</summary>
    public const byte Led0OnL = 0x06;
    public const byte PreScale = 0xFE;

    public const byte Mode1Restart = 0x80;
    public const byte Mode1AutoIncrement = 0x20;
    public const byte Mode1Sleep = 0x10;
    public const byte Mode1AllCall = 0x01;

    /// <summary>Bit 4 of LEDn_ON_H (full on) and of LEDn_OFF_H (full off, which wins).</summary>
    public const byte FullOnOff = 0x10;

    public const byte Mode1Reset = 0x11;
    public const byte Mode2Reset = 0x04;
    public const byte PreScaleReset = 0x1E;
}
