namespace EdgeTwin.Drivers.Time;

/// <summary>Conversions between sample timestamps (ns since the Unix epoch) and .NET time types.</summary>
public static class UtcNanoseconds
{
    public static DateTime ToDateTime(long utcNs) => DateTime.UnixEpoch.AddTicks(utcNs / 100);

    public static long FromDateTime(DateTime utc) => (utc.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) * 100;
}
