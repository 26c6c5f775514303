namespace EdgeTwin.OpcUa.Tests.Interop;

internal static class RepoPaths
{
    public static string Root
    {
        get
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

    /// <summary>The build configuration this test assembly was built with (Debug/Release), from its own path.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string SampleServerDll => Path.Combine(Root, "samples", "EdgeTwin.OpcUa.SampleServer", "bin", Configuration, "net10.0", "EdgeTwin.OpcUa.SampleServer.dll");
}
