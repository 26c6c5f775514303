using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Linux.Interop;

namespace EdgeTwin.Drivers.Linux.I2c;

/// <summary>
/// Maps the errno of a failed transfer onto <see cref="BusFault"/> following the kernel's
/// Documentation/i2c/fault-codes.rst: ENXIO for an address that was not acknowledged, EREMOTEIO for a data
/// byte that was not acknowledged (some adapters use it for both), ETIMEDOUT for a transfer that took too
/// long (clock stretching, stuck bus), EAGAIN for arbitration lost in master transmit mode.
/// </summary>
internal static class I2cFaults
{
    public static BusFault Classify(int errno) => errno switch
    {
        Errno.ENXIO or Errno.EREMOTEIO => BusFault.Nack,
        Errno.ETIMEDOUT => BusFault.Timeout,
        Errno.EAGAIN => BusFault.ArbitrationLost,
        _ => BusFault.IoError,
    };

    public static BusException Create(string busName, int address, string operation, int errno)
    {
        var fault = Classify(errno);
        var what = fault switch
        {
            BusFault.Nack => "no acknowledge (NACK): check the address, wiring and power of the device",
            BusFault.Timeout => "timed out: the bus is stuck or the device stretches the clock too long",
            BusFault.ArbitrationLost => "arbitration lost: another controller drove the bus",
            _ => errno == Errno.EBUSY ? "address claimed by a kernel driver" : "I/O error",
        };
        return new BusException(fault, busName, address, $"{operation}: {what} ({Errno.Describe(errno)})");
    }
}
