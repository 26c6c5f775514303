using EdgeTwin.Service.Configuration;

namespace EdgeTwin.Service.Tests.Storage;

/// <summary><c>Store:Path</c> is the one location setting: a file called store.db; a folder or <c>Store:Directory</c> is an error.</summary>
public sealed class StorePathConfigTests
{
    [Fact]
    public void Store_directory_is_rejected_by_name_with_the_path_to_use_instead()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Load(RepositoryPaths.DefaultConfig, new Dictionary<string, string?>
        {
            ["Store:Directory"] = "/data/twin",
        }));
        var line = Assert.Single(ex.Errors.Select(e => e.ToString()));
        Assert.Equal("Store:Directory: is not a setting; use Store:Path, the database file, e.g. '/data/twin/store.db'", line);
    }

    [Fact]
    public void A_store_path_that_is_an_existing_folder_is_an_error_naming_the_file_inside_it()
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Load(RepositoryPaths.DefaultConfig, new Dictionary<string, string?>
        {
            ["Store:Path"] = dir.Path,
        }));
        var line = Assert.Single(ex.Errors.Select(e => e.ToString()));
        Assert.Equal($"Store:Path: '{dir.Path}' is a folder; Store:Path names the database file inside it: '{dir.File("store.db")}'", line);
    }

    [Fact]
    public void The_store_files_go_where_store_path_says_whatever_the_state_directory()
    {
        using var dir = new TempDirectory();
        var (config, _, _) = ConfigLoader.Load(RepositoryPaths.DefaultConfig, new Dictionary<string, string?>
        {
            ["Gateway:StateDirectory"] = "/var/lib/edgetwin",
            ["Store:Path"] = Path.Combine(dir.Path, "samples", "store.db"),
        });
        Assert.Equal(Path.Combine(dir.Path, "samples"), config.Store.Directory);
        Assert.Equal(Path.Combine(dir.Path, "samples", "store.db"), Service.Storage.StoreService.StorePath(config.Store));
    }
}
