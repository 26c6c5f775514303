using EdgeTwin.Drivers.Buses;

namespace EdgeTwin.Drivers.Devices.Pwm.Pca9685;

/// <summary>
/// NXP PCA9685 16-channel 12-bit PWM controller over I2C (0x40–0x7F, 0x40 with all address pins low), as used
/// on servo and LED driver boards. One frequency for all channels, set through PRE_SCALE while asleep (§7.3.5):
/// prescale = round(f_osc / (4096 · f)) − 1, 3..255, i.e. 24–1526 Hz with the 25 MHz internal oscillator.
/// </summary>
public sealed class Pca9685
{
    public const double InternalOscillatorHz = 25_000_000;
    public const int ChannelCount = 16;
    public const int Steps = 4096;

    private readonly II2cDevice _device;
    private readonly Pca9685Channel[] _channels = new Pca9685Channel[ChannelCount];

    public Pca9685(II2cDevice device, double frequencyHz, double oscillatorHz = InternalOscillatorHz)
    {
        ArgumentNullException.ThrowIfNull(device);
        var prescale = Math.Round(oscillatorHz / (Steps * frequencyHz)) - 1;
        if (!double.IsFinite(prescale) || prescale < 3 || prescale > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(frequencyHz), frequencyHz,
                $"PWM frequency must give a prescale of 3..255 ({oscillatorHz / (Steps * 256):0.#}–{oscillatorHz / (Steps * 4):0.#} Hz)");
        }

        _device = device;
        Prescale = (byte)prescale;
        PeriodNs = (long)Math.Round((Prescale + 1) * (double)Steps / oscillatorHz * 1e9);
        for (var i = 0; i < ChannelCount; i++)
        {
            _channels[i] = new Pca9685Channel(this, i);
        }
    }

    public byte Prescale { get; }

    /// <summary>The period the prescale actually gives, which differs slightly from the one asked for.</summary>
    public long PeriodNs { get; }

    public string Name => $"{_device.BusName} 0x{_device.Address:X2}";

    /// <summary>Sets the frequency (asleep), turns every channel off, wakes the oscillator and restarts PWM.</summary>
    public void Initialize()
    {
        var mode1 = ReadRegister(Pca9685Register.Mode1);
        var mode2 = ReadRegister(Pca9685Register.Mode2);
        if ((mode1 & 0x40) != 0 || (mode2 & 0xE0) != 0)
        {
            throw new DeviceException($"{Name}: MODE1 0x{mode1:X2} / MODE2 0x{mode2:X2} do not look like a PCA9685 (EXTCLK or reserved bits set)");
        }

        WriteRegister(Pca9685Register.Mode1, Pca9685Register.Mode1Sleep | Pca9685Register.Mode1AutoIncrement | Pca9685Register.Mode1AllCall);
        WriteRegister(Pca9685Register.PreScale, Prescale);

        // ALL_LED_OFF_H full-off: every output low until a duty cycle is set.
        ReadOnlySpan<byte> allOff = [0xFA, 0, 0, 0, Pca9685Register.FullOnOff];
        _device.Write(allOff);
        WriteRegister(Pca9685Register.Mode1, Pca9685Register.Mode1AutoIncrement | Pca9685Register.Mode1AllCall);

        // §7.3.1.1: the oscillator needs 500 µs after SLEEP is cleared; then RESTART (if set) resumes the outputs.
        Thread.Sleep(1);
        if ((ReadRegister(Pca9685Register.Mode1) & Pca9685Register.Mode1Restart) != 0)
        {
            WriteRegister(Pca9685Register.Mode1, Pca9685Register.Mode1Restart | Pca9685Register.Mode1AutoIncrement | Pca9685Register.Mode1AllCall);
        }

        var readBack = ReadRegister(Pca9685Register.PreScale);
        if (readBack != Prescale)
        {
            throw new DeviceException($"{Name}: PRE_SCALE reads back 0x{readBack:X2}, wrote 0x{Prescale:X2}");
        }
    }

    /// <summary>Channel 0..15 as a PWM output.</summary>
    public IPwmOutput Channel(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, ChannelCount);
        return _channels[channel];
    }

    /// <summary>
    /// Writes one channel's ON/OFF counts in one auto-incremented burst. The output rises at count 0 and falls at
    /// <paramref name="offCount"/>; 0 uses the full-off bit and 4096 the full-on bit (§7.3.3), the only exact ends.
    /// </summary>
    internal void WriteChannel(int channel, int offCount)
    {
        Span<byte> data = stackalloc byte[5];
        data[0] = (byte)(Pca9685Register.Led0OnL + 4 * channel);
        if (offCount <= 0)
        {
            data[1] = 0;
            data[2] = 0;
            data[3] = 0;
            data[4] = Pca9685Register.FullOnOff;
        }
        else if (offCount >= Steps)
        {
            data[1] = 0;
            data[2] = Pca9685Register.FullOnOff;
            data[3] = 0;
            data[4] = 0;
        }
        else
        {
            data[1] = 0;
            data[2] = 0;
            data[3] = (byte)offCount;
            data[4] = (byte)(offCount >> 8);
        }

        _device.Write(data);
    }

    private byte ReadRegister(byte register)
    {
        Span<byte> value = stackalloc byte[1];
        ReadOnlySpan<byte> address = [register];
        _device.WriteRead(address, value);
        return value[0];
    }

    private void WriteRegister(byte register, int value)
    {
        ReadOnlySpan<byte> data = [register, (byte)value];
        _device.Write(data);
    }
}
