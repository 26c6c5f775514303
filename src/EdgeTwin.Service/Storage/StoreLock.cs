namespace EdgeTwin.Service.Storage;

/// <summary>
/// An exclusive lock file beside the store, so a second process (another gateway, or <c>export</c> while the
/// gateway runs) cannot open it too: opening runs crash recovery on the tail log, which only the owner may do.
/// </summary>
internal sealed class StoreLock : IDisposable
{
    private readonly FileStream _file;

    private StoreLock(FileStream file) => _file = file;

    /// <summary>Throws <see cref="IOException"/> naming the folder when another process holds the lock.</summary>
    public static StoreLock Acquire(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "store.lock");
        try
        {
            // FileShare.None takes an advisory flock(LOCK_EX) on Linux, released when the process dies.
            return new StoreLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new IOException($"the store in {directory} is in use by another process ({ex.Message})", ex);
        }
    }

    public void Dispose() => _file.Dispose();
}
