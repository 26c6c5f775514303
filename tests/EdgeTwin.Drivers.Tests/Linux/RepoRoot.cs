namespace EdgeTwin.Drivers.Tests.Linux;

internal static class RepoRoot
{
    public const string SetupScript = "scripts/setup/linux-buses.sh";

    public static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeTwin.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("EdgeTwin.sln not found above " + AppContext.BaseDirectory);
    }
}
