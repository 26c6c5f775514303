using System.Text.Json.Nodes;
using EdgeTwin.Service.Configuration;

namespace EdgeTwin.Service.Tests.Configuration;

/// <summary>The shipped configuration with edits applied, and the validation errors a file gives.</summary>
internal static class ConfigEdits
{
    public static List<string> Errors(string path)
    {
        try
        {
            ConfigLoader.Load(path);
            return [];
        }
        catch (ConfigException ex)
        {
            return ex.Errors.Select(e => e.ToString()).ToList();
        }
    }

    /// <summary>Applies edits of the form <c>a.b.c=JSON</c> (empty value removes the key) to the shipped file.</summary>
    public static string Write(TempDirectory dir, params string[] edits)
    {
        var root = JsonNode.Parse(File.ReadAllText(RepositoryPaths.DefaultConfig))!.AsObject();
        foreach (var edit in edits)
        {
            var equals = edit.IndexOf('=', StringComparison.Ordinal);
            var keys = edit[..equals].Split('.');
            var json = edit[(equals + 1)..];
            JsonNode parent = root;
            foreach (var key in keys[..^1])
            {
                parent = parent is JsonArray array ? array[int.Parse(key)]! : parent[key]!;
            }

            var last = keys[^1];
            if (parent is JsonArray list)
            {
                list[int.Parse(last)] = JsonNode.Parse(json);
            }
            else if (json.Length == 0)
            {
                parent.AsObject().Remove(last);
            }
            else
            {
                parent[last] = JsonNode.Parse(json);
            }
        }

        var path = dir.File($"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }
}
