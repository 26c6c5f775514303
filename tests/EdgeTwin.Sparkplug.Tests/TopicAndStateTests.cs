using System.Text;

namespace EdgeTwin.Sparkplug.Tests;

public sealed class TopicAndStateTests
{
    [Theory]
    [InlineData("spBv1.0/plant/NBIRTH/edge1", SparkplugMessageType.NBIRTH, null)]
    [InlineData("spBv1.0/plant/NCMD/edge1", SparkplugMessageType.NCMD, null)]
    [InlineData("spBv1.0/plant/DDATA/edge1/imu", SparkplugMessageType.DDATA, "imu")]
    [InlineData("spBv1.0/plant/DCMD/edge1/brake", SparkplugMessageType.DCMD, "brake")]
    public void Topics_format_and_parse_back(string text, SparkplugMessageType type, string? device)
    {
        var topic = SparkplugTopic.Parse(text);
        Assert.Equal(new SparkplugTopic("plant", type, "edge1", device), topic);
        Assert.Equal(text, topic.ToString());
    }

    [Theory]
    [InlineData("spBv1.0/plant/NBIRTH")]
    [InlineData("spBv1.0/plant/NBIRTH/edge1/dev")]
    [InlineData("spBv1.0/plant/DDATA/edge1")]
    [InlineData("spAv1.0/plant/NBIRTH/edge1")]
    [InlineData("spBv1.0/plant/nbirth/edge1")]
    [InlineData("spBv1.0/plant/NBIRTH/")]
    [InlineData("spBv1.0/plant/5/edge1")]
    [InlineData("spBv1.0/STATE/host")]
    public void Malformed_topics_are_rejected(string text) =>
        Assert.Equal(SparkplugDecodeError.InvalidTopic, Assert.Throws<SparkplugDecodeException>(() => SparkplugTopic.Parse(text)).Error);

    [Fact]
    public void State_topic_and_payload_follow_sparkplug_3()
    {
        Assert.Equal("spBv1.0/STATE/scada", SparkplugTopic.State("scada"));
        var state = SparkplugHostState.Parse("""{"online":true,"timestamp":1795313960958}"""u8);
        Assert.Equal(new SparkplugHostState(true, 1_795_313_960_958), state);
        Assert.Equal(state, SparkplugHostState.Parse(state.ToJson()));
        Assert.False(SparkplugHostState.Parse("""{"timestamp":5,"extra":[1,{"a":2}],"online":false}"""u8).Online);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ONLINE")]
    [InlineData("[]")]
    [InlineData("""{"online":"yes","timestamp":1}""")]
    [InlineData("""{"online":true}""")]
    [InlineData("""{"online":true,"timestamp":-1}""")]
    [InlineData("""{"online":true,"timestamp":1""")]
    public void Bad_state_payloads_are_rejected(string json) =>
        Assert.Equal(SparkplugDecodeError.InvalidState, Assert.Throws<SparkplugDecodeException>(() => SparkplugHostState.Parse(Encoding.UTF8.GetBytes(json))).Error);

    [Fact]
    public void Ids_with_separators_or_wildcards_are_invalid()
    {
        Assert.True(SparkplugTopic.IsValidId("demo-axis"));
        Assert.False(SparkplugTopic.IsValidId("a/b"));
        Assert.False(SparkplugTopic.IsValidId("a+"));
        Assert.False(SparkplugTopic.IsValidId("#"));
        Assert.False(SparkplugTopic.IsValidId(""));
    }
}
