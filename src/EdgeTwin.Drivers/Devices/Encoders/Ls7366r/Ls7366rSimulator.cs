using System.Buffers.Binary;
using EdgeTwin.Drivers.Simulation.Buses;
using EdgeTwin.Drivers.Simulation.Plant;
using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Drivers.Devices.Encoders.Ls7366r;

/// <summary>
/// Register-level LS7366R fed by an incremental encoder on the plant's shaft: MDR0/MDR1 with their reset value
/// 0, the counter in x1/x2/x4 modes and 1–4 byte widths, CLR/LOAD/READ/WRITE instructions.
/// </summary>
public sealed class Ls7366rSimulator(AxisPlant plant, IClock clock, int linesPerRevolution) : ISpiTarget
{
    private byte _mdr0;
    private byte _mdr1;
    private long _zeroEdges;

    public void OnTransfer(ReadOnlySpan<byte> mosi, Span<byte> miso)
    {
        miso.Clear();
        if (mosi.IsEmpty)
        {
            return;
        }

        var instruction = mosi[0];
        var operation = instruction & 0b1100_0000;
        var register = instruction & 0b0011_1000;
        var data = mosi[1..];
        var reply = miso.Length > 1 ? miso[1..] : [];

        switch (operation, register)
        {
            case (Ls7366rInstruction.Write, Ls7366rInstruction.Mdr0) when !data.IsEmpty:
                _mdr0 = data[0];
                break;
            case (Ls7366rInstruction.Write, Ls7366rInstruction.Mdr1) when !data.IsEmpty:
                _mdr1 = data[0];
                break;
            case (Ls7366rInstruction.Read, Ls7366rInstruction.Mdr0) when !reply.IsEmpty:
                reply[0] = _mdr0;
                break;
            case (Ls7366rInstruction.Read, Ls7366rInstruction.Mdr1) when !reply.IsEmpty:
                reply[0] = _mdr1;
                break;
            case (Ls7366rInstruction.Clear, Ls7366rInstruction.Cntr):
                _zeroEdges = Edges();
                break;
            case (Ls7366rInstruction.Read, Ls7366rInstruction.Cntr):
                WriteCounter(reply);
                break;
        }
    }

    private void WriteCounter(Span<byte> reply)
    {
        var width = 4 - (_mdr1 & 0x03);
        Span<byte> big = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(big, unchecked((int)(Edges() - _zeroEdges)));
        big[(4 - width)..].CopyTo(reply[..Math.Min(width, reply.Length)]);
    }

    private long Edges()
    {
        var multiplier = (_mdr0 & 0x03) switch
        {
            0b11 => 4,
            0b10 => 2,
            _ => 1,
        };
        var revolutions = plant.Observe(clock.MonotonicNowNs).ShaftRevolutions;
        return (long)Math.Floor(revolutions * linesPerRevolution * multiplier);
    }
}
