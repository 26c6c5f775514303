namespace EdgeTwin.Mqtt.Formatter;

/// <summary>Topic Name and Topic Filter rules of MQTT 5.0 §4.7.</summary>
internal static class TopicValidation
{
    /// <summary>§4.7.1/§4.7.3: a topic name is at least one character and holds no wildcard.</summary>
    public static void ValidateTopicName(string topic)
    {
        if (topic.Length == 0)
        {
            throw new MqttProtocolException(MqttReasonCode.TopicNameInvalid, "A topic name must not be empty (MQTT 5.0 §4.7.3).");
        }

        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            throw new MqttProtocolException(MqttReasonCode.TopicNameInvalid, $"Topic name \"{topic}\" contains a wildcard (MQTT 5.0 §4.7.1).");
        }
    }

    /// <summary>§4.7.1: '#' only as the last level, '+' only as a whole level.</summary>
    public static void ValidateTopicFilter(string filter)
    {
        if (filter.Length == 0)
        {
            throw new MqttProtocolException(MqttReasonCode.TopicFilterInvalid, "A topic filter must not be empty (MQTT 5.0 §4.7.3).");
        }

        for (var i = 0; i < filter.Length; i++)
        {
            var c = filter[i];
            var startsLevel = i == 0 || filter[i - 1] == '/';
            var endsLevel = i == filter.Length - 1 || filter[i + 1] == '/';
            if (c == '#' && (!startsLevel || i != filter.Length - 1))
            {
                throw new MqttProtocolException(MqttReasonCode.TopicFilterInvalid, $"Topic filter \"{filter}\" has '#' other than as the last level (MQTT 5.0 §4.7.1.2).");
            }

            if (c == '+' && (!startsLevel || !endsLevel))
            {
                throw new MqttProtocolException(MqttReasonCode.TopicFilterInvalid, $"Topic filter \"{filter}\" has '+' inside a level (MQTT 5.0 §4.7.1.3).");
            }
        }
    }
}
