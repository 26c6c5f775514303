namespace EdgeTwin.OpcUa.Generator;

internal static class RepoRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeTwin.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EdgeTwin.sln not found above " + AppContext.BaseDirectory);
    }
}
