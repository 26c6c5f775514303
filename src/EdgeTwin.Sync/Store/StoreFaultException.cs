namespace EdgeTwin.Sync.Store;

/// <summary>A flush could not commit; the samples stay buffered in memory and the writer keeps retrying.</summary>
public sealed class StoreFaultException : Exception
{
    public StoreFaultException()
    {
    }

    public StoreFaultException(string message)
        : base(message)
    {
    }

    public StoreFaultException(string message, Exception inner)
        : base(message, inner)
    {
    }

    internal StoreFaultException(StoreHealth health, string detail)
        : base($"store is {health}: {detail}")
    {
        Health = health;
    }

    public StoreHealth Health { get; }
}
