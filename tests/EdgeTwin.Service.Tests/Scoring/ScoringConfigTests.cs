using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Service.Scoring;

namespace EdgeTwin.Service.Tests.Scoring;

public sealed class ScoringConfigTests
{
    private static ConfigException Invalid(Dictionary<string, string?> overrides) =>
        Assert.Throws<ConfigException>(() => ConfigLoader.Load(RepositoryPaths.DefaultConfig, overrides));

    [Fact]
    public void The_default_configuration_scores_bearing_and_thermal_and_lays_out_their_twin_channels()
    {
        var (config, _, _) = ConfigLoader.Load(RepositoryPaths.DefaultConfig);
        Assert.True(config.Scoring.Active);
        Assert.Equal(["bearing", "thermal"], config.Scoring.Scores.Select(s => s.Name));
        var paths = TwinLayout.Paths(config);
        Assert.Equal(
            [ScoringLayout.ScorePath("bearing"), ScoringLayout.AlertPath("bearing"), ScoringLayout.ScorePath("thermal"), ScoringLayout.AlertPath("thermal"),
             ScoringLayout.HealthPath, ScoringLayout.TimeToLimitPath("winding")],
            paths.Where(p => p.StartsWith("gateway/scores/", StringComparison.Ordinal) || p.StartsWith("gateway/alerts/", StringComparison.Ordinal)
                || p == ScoringLayout.HealthPath || p.StartsWith("gateway/time_to_limit/", StringComparison.Ordinal)));
    }

    [Fact]
    public void Unknown_channels_inverted_levels_and_a_missing_ort_library_are_errors_naming_their_key()
    {
        var errors = Invalid(new()
        {
            ["Scoring:Scores:bearing:Features:0:Channel"] = "axis1/nope",
            ["Scoring:Scores:bearing:Alert:Clear"] = "100",
            ["Scoring:Scores:thermal:Engine"] = "ort",
            ["Scoring:TimeToLimit:winding:Limit"] = "hot",
        }).Errors.Select(e => e.ToString()).ToList();

        Assert.Contains(errors, e => e.StartsWith("Scoring:Scores:bearing:Features:0:Channel:", StringComparison.Ordinal) && e.Contains("axis1/nope", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Scoring:Scores:bearing:Alert:Clear:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Scoring:Scores:thermal:OrtLibrary:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Scoring:TimeToLimit:winding:Limit:", StringComparison.Ordinal));
    }

    [Fact]
    public void Disabled_scoring_adds_no_twin_channels()
    {
        var (config, _, _) = ConfigLoader.Load(RepositoryPaths.DefaultConfig, new Dictionary<string, string?> { ["Scoring:Enabled"] = "false" });
        Assert.False(config.Scoring.Active);
        Assert.DoesNotContain(ScoringLayout.HealthPath, TwinLayout.Paths(config));
    }
}
