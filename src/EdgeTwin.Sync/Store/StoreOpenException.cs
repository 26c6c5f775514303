namespace EdgeTwin.Sync.Store;

/// <summary>
/// The store could not be opened even after moving an unusable file aside (e.g. the folder is read-only), or, when
/// opened read-only, there is no store or the file is not one (nothing is moved aside then).
/// </summary>
public sealed class StoreOpenException : Exception
{
    public StoreOpenException()
    {
    }

    public StoreOpenException(string message)
        : base(message)
    {
    }

    public StoreOpenException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
