namespace EdgeTwin.Service.Storage;

/// <summary>
/// An exclusive lock file beside the store, so a second gateway cannot open it too: opening for writing runs crash
/// recovery on the tail log, which only the owner may do. Readers (<c>export</c>) do not take it; they open the store
/// with <c>SampleStore.OpenReadOnly</c>, which never writes.
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
