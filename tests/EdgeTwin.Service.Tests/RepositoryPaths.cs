namespace EdgeTwin.Service.Tests;

/// <summary>Locates the repository and the built gateway from the test assembly's folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, whichever this test assembly was built as; the gateway is built alongside.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string GatewayDll { get; } = Path.Combine(Root, "src", "EdgeTwin.Service", "bin", Configuration, "net10.0", "edgetwin.dll");

    public static string DefaultConfig { get; } = Path.Combine(Root, "config", "edgetwin.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeTwin.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"EdgeTwin.sln not found above {AppContext.BaseDirectory}");
    }
}
