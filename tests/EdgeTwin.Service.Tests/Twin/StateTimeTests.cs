using EdgeTwin.Service.Cli;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Service.Tests.Twin;

public sealed class StateTimeTests
{
    private const long Now = 1_800_000_000_000_000_000;
    private const long S = 1_000_000_000;

    [Theory]
    [InlineData("now", 0)]
    [InlineData("-30s", -30 * S)]
    [InlineData("-5m", -300 * S)]
    [InlineData("-2h", -7200 * S)]
    [InlineData("-1d", -86_400 * S)]
    [InlineData("-250ms", -250_000_000)]
    [InlineData("-1.5m", -90 * S)]
    public void Relative_times_count_back_from_now(string text, long offsetNs)
    {
        Assert.True(StateTime.TryParse(text, Now, out var t));
        Assert.Equal(Now + offsetNs, t);
    }

    [Fact]
    public void Iso_times_are_utc_unless_they_say_otherwise()
    {
        Assert.True(StateTime.TryParse("2026-01-31T12:00:00Z", Now, out var z));
        Assert.True(StateTime.TryParse("2026-01-31T13:00:00+01:00", Now, out var offset));
        Assert.True(StateTime.TryParse("2026-01-31T12:00:00", Now, out var bare));
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000, z);
        Assert.Equal(z, offset);
        Assert.Equal(z, bare);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5m")]
    [InlineData("-5")]
    [InlineData("-5y")]
    [InlineData("-99999999999d")]
    [InlineData("-1e9d")]
    [InlineData("yesterday")]
    [InlineData("-5m-5m")]
    public void Anything_else_is_refused(string text) => Assert.False(StateTime.TryParse(text, Now, out _));

    [Fact]
    public void Arbitrary_text_never_throws_and_an_accepted_offset_is_never_in_the_future() =>
        Prop.ForAll<string>(text =>
        {
            var ok = StateTime.TryParse(text ?? "", Now, out var t);
            return !ok || !(text ?? "").TrimStart().StartsWith('-') || t <= Now;
        }).QuickCheckThrowOnFailure();
}
