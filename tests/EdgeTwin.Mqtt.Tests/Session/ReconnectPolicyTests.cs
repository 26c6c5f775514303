namespace EdgeTwin.Mqtt.Tests.Session;

public sealed class ReconnectPolicyTests
{
    [Fact]
    public void Delays_double_until_the_cap_without_jitter_at_random_zero()
    {
        var policy = new MqttReconnectPolicy(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), jitter: 0.5, random: () => 0.0);
        var delays = Enumerable.Range(0, 8).Select(a => policy.NextDelay(a).TotalMilliseconds).ToArray();
        Assert.Equal(new double[] { 100, 200, 400, 800, 1600, 2000, 2000, 2000 }, delays);
    }

    [Fact]
    public void Jitter_shortens_by_at_most_its_fraction_and_never_exceeds_the_cap()
    {
        var policy = new MqttReconnectPolicy(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), jitter: 0.5, random: () => 0.999999);
        Assert.Equal(50, policy.NextDelay(0).TotalMilliseconds, 0.1);
        Assert.Equal(1000, policy.NextDelay(10).TotalMilliseconds, 0.1);
        var seeded = new Random(1);
        var real = new MqttReconnectPolicy(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), jitter: 0.2, random: seeded.NextDouble);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var delay = real.NextDelay(attempt).TotalMilliseconds;
            var ceiling = Math.Min(2000, 100 * Math.Pow(2, Math.Min(attempt, 30)));
            Assert.InRange(delay, ceiling * 0.8, ceiling);
        }
    }

    [Fact]
    public void Large_attempt_numbers_do_not_overflow()
    {
        var policy = new MqttReconnectPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), jitter: 0, random: () => 0.5);
        Assert.Equal(TimeSpan.FromMinutes(5), policy.NextDelay(int.MaxValue));
    }

    [Fact]
    public async Task DelayAsync_passes_the_computed_delay_to_the_injected_delay()
    {
        var requested = new List<TimeSpan>();
        var policy = new MqttReconnectPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), jitter: 0, delay: (d, _) =>
        {
            requested.Add(d);
            return Task.CompletedTask;
        });
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await policy.DelayAsync(attempt, CancellationToken.None);
        }

        Assert.Equal(new[] { 1, 2, 4, 8, 10 }.Select(s => TimeSpan.FromSeconds(s)), requested);
    }
}
