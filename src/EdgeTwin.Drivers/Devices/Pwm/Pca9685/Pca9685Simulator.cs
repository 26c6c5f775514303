using EdgeTwin.Drivers.Simulation.Buses;

namespace EdgeTwin.Drivers.Devices.Pwm.Pca9685;

/// <summary>
/// Register-level PCA9685: reset values (MODE1 0x11 asleep, MODE2 0x04, every LEDn_OFF_H full-off, PRE_SCALE
/// 0x1E), PRE_SCALE writable only while asleep and never below 3, the register pointer advancing only with AI
/// set, ALL_LED writes reaching every channel, RESTART set on entering sleep with outputs active and cleared by
/// writing it, and the resulting output frequency and duty cycle per channel.
/// </summary>
public sealed class Pca9685Simulator : II2cTarget
{
    private readonly byte[] _registers = new byte[256];
    private int _pointer;

    public Pca9685Simulator() => Reset();

    public bool Sleeping => (_registers[Pca9685Register.Mode1] & Pca9685Register.Mode1Sleep) != 0;

    public double OutputFrequencyHz => Pca9685.InternalOscillatorHz / (Pca9685.Steps * (_registers[Pca9685Register.PreScale] + 1.0));

    /// <summary>The fraction of the period the output is high; 0 while the oscillator sleeps.</summary>
    public double DutyCycle(int channel)
    {
        if (Sleeping)
        {
            return 0;
        }

        var b = Pca9685Register.Led0OnL + 4 * channel;
        if ((_registers[b + 3] & Pca9685Register.FullOnOff) != 0)
        {
            return 0;
        }

        if ((_registers[b + 1] & Pca9685Register.FullOnOff) != 0)
        {
            return 1;
        }

        var on = (_registers[b + 1] & 0x0F) << 8 | _registers[b];
        var off = (_registers[b + 3] & 0x0F) << 8 | _registers[b + 2];
        return ((off - on + Pca9685.Steps) % Pca9685.Steps) / (double)Pca9685.Steps;
    }

    public void OnWrite(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        _pointer = data[0];
        foreach (var value in data[1..])
        {
            Write(_pointer, value);
            Advance();
        }
    }

    public void OnRead(Span<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = _registers[_pointer];
            Advance();
        }
    }

    private void Advance()
    {
        if ((_registers[Pca9685Register.Mode1] & Pca9685Register.Mode1AutoIncrement) != 0)
        {
            _pointer = (_pointer + 1) & 0xFF;
        }
    }

    private void Write(int register, byte value)
    {
        switch (register)
        {
            case Pca9685Register.Mode1:
                var wasAwake = !Sleeping;
                var restart = _registers[register] & Pca9685Register.Mode1Restart;
                if ((value & Pca9685Register.Mode1Restart) != 0)
                {
                    restart = 0; // writing 1 clears RESTART and resumes the outputs
                }
                else if (wasAwake && (value & Pca9685Register.Mode1Sleep) != 0 && AnyOutputActive())
                {
                    restart = Pca9685Register.Mode1Restart;
                }

                _registers[register] = (byte)((value & 0x7F) | restart);
                break;
            case Pca9685Register.PreScale:
                if (Sleeping)
                {
                    _registers[register] = Math.Max(value, (byte)3);
                }

                break;
            case >= 0xFA and <= 0xFD:
                for (var channel = 0; channel < Pca9685.ChannelCount; channel++)
                {
                    _registers[Pca9685Register.Led0OnL + 4 * channel + register - 0xFA] = value;
                }

                _registers[register] = value;
                break;
            case >= Pca9685Register.Led0OnL and < Pca9685Register.Led0OnL + 4 * Pca9685.ChannelCount:
            case Pca9685Register.Mode2:
                _registers[register] = value;
                break;
        }
    }

    private bool AnyOutputActive()
    {
        for (var channel = 0; channel < Pca9685.ChannelCount; channel++)
        {
            if (DutyCycle(channel) > 0)
            {
                return true;
            }
        }

        return false;
    }

    private void Reset()
    {
        Array.Clear(_registers);
        _registers[Pca9685Register.Mode1] = Pca9685Register.Mode1Reset;
        _registers[Pca9685Register.Mode2] = Pca9685Register.Mode2Reset;
        _registers[Pca9685Register.PreScale] = Pca9685Register.PreScaleReset;
        for (var channel = 0; channel < Pca9685.ChannelCount; channel++)
        {
            _registers[Pca9685Register.Led0OnL + 4 * channel + 3] = Pca9685Register.FullOnOff;
        }

        _registers[0xFD] = Pca9685Register.FullOnOff;
    }
}
