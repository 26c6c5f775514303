using EdgeTwin.Mqtt.Packets;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Mqtt.Tests.Formatter;

/// <summary>FsCheck generators of valid packets for each protocol version (5.0-only fields stay unset for 3.1.1).</summary>
internal static class PacketGenerators
{
    private static readonly string[] Characters = ["a", "b", "Z", "0", "9", "-", "_", " ", "é", "ü", "€", "中", "😀", "$"];
    private static readonly string[] TopicLevels = ["a", "b", "sensor", "temp", "é", "😀", "x-1", ""];

    private static readonly MqttReasonCode[] AckCodes =
        [MqttReasonCode.Success, MqttReasonCode.NoMatchingSubscribers, MqttReasonCode.UnspecifiedError, MqttReasonCode.NotAuthorized, MqttReasonCode.TopicNameInvalid, MqttReasonCode.PacketIdentifierInUse, MqttReasonCode.QuotaExceeded, MqttReasonCode.PayloadFormatInvalid];

    public static Gen<string> Text =>
        Gen.Choose(0, 12).SelectMany(n => Gen.Elements(Characters).ArrayOf(n)).Select(parts => string.Concat(parts));

    public static Gen<string> TopicName =>
        Gen.Choose(1, 5).SelectMany(n => Gen.Elements(TopicLevels).ArrayOf(n))
            .Select(levels => string.Join('/', levels))
            .Where(t => t.Length > 0);

    public static Gen<string> TopicFilter =>
        Gen.Choose(1, 5).SelectMany(n => Gen.Elements([.. TopicLevels, "+"]).ArrayOf(n))
            .SelectMany(levels => Gen.Elements(false, true).Select(hash => string.Join('/', hash ? [.. levels, "#"] : levels)))
            .Where(t => t.Length > 0);

    public static Gen<ReadOnlyMemory<byte>> Bytes(int max) =>
        Gen.Choose(0, max).SelectMany(n => Gen.Choose(0, 255).ArrayOf(n)).Select(ints => (ReadOnlyMemory<byte>)ints.Select(i => (byte)i).ToArray());

    public static Gen<T?> Maybe<T>(Gen<T> gen)
        where T : struct =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(v => (T?)v)));

    public static Gen<string?> MaybeText(Gen<string> gen) =>
        Gen.Frequency((1, Gen.Constant<string?>(null)), (2, gen.Select(v => (string?)v)));

    public static Gen<IReadOnlyList<MqttUserProperty>?> UserProperties =>
        Gen.Frequency(
            (1, Gen.Constant<IReadOnlyList<MqttUserProperty>?>(null)),
            (1, Gen.Choose(1, 3).SelectMany(n => (from k in Text from v in Text select new MqttUserProperty(k, v)).ArrayOf(n)).Select(a => (IReadOnlyList<MqttUserProperty>?)a)));

    public static Gen<uint> UInt => Gen.Choose(0, int.MaxValue).SelectMany(hi => Gen.Choose(0, 1).Select(lo => (uint)hi * 2u + (uint)lo));

    public static Gen<ushort> UShort(int min = 0) => Gen.Choose(min, ushort.MaxValue).Select(i => (ushort)i);

    public static Gen<byte> Byte(int min, int max) => Gen.Choose(min, max).Select(i => (byte)i);

    public static Gen<bool> Bool => Gen.Elements(false, true);

    public static Gen<MqttQualityOfService> QoS => Gen.Elements(MqttQualityOfService.AtMostOnce, MqttQualityOfService.AtLeastOnce, MqttQualityOfService.ExactlyOnce);

    public static Gen<object> Any(MqttProtocolVersion version) => Gen.OneOf(
        Connect(version).Select(p => (object)p),
        ConnAck(version).Select(p => (object)p),
        Publish(version).Select(p => (object)p),
        PublishResponse(version).Select(p => (object)p),
        Subscribe(version).Select(p => (object)p),
        SubAck(version).Select(p => (object)p),
        Unsubscribe(version).Select(p => (object)p),
        UnsubAck(version).Select(p => (object)p),
        Disconnect(version).Select(p => (object)p),
        Gen.Elements<object>(PacketType.PingReq, PacketType.PingResp),
        version == MqttProtocolVersion.V500 ? Auth.Select(p => (object)p) : Gen.Constant<object>(PacketType.PingReq));

    public static Gen<MqttWill> Will(MqttProtocolVersion version) =>
        from topic in TopicName
        from payload in Bytes(64)
        from qos in QoS
        from retain in Bool
        from delay in UInt
        from pfi in Maybe(Byte(0, 1))
        from expiry in Maybe(UInt)
        from contentType in MaybeText(Text)
        from responseTopic in MaybeText(TopicName)
        from correlation in Maybe(Bytes(16))
        from user in UserProperties
        select version == MqttProtocolVersion.V311
            ? new MqttWill { Topic = topic, Payload = payload, QoS = qos, Retain = retain }
            : new MqttWill
            {
                Topic = topic, Payload = payload, QoS = qos, Retain = retain, DelayInterval = delay, PayloadFormatIndicator = pfi,
                MessageExpiryInterval = expiry, ContentType = contentType, ResponseTopic = responseTopic, CorrelationData = correlation, UserProperties = user,
            };

    public static Gen<ConnectPacket> Connect(MqttProtocolVersion version) =>
        from clientId in Text
        from clean in Bool
        from keepAlive in UShort()
        from user in MaybeText(Text)
        from password in Maybe(Bytes(32))
        from will in Gen.Frequency((1, Gen.Constant<MqttWill?>(null)), (1, Will(version).Select(w => (MqttWill?)w)))
        from sessionExpiry in UInt
        from receiveMaximum in Maybe(UShort(1))
        from maxPacket in Maybe(UInt.Where(u => u != 0))
        from aliasMax in UShort()
        from rri in Maybe(Bool)
        from rpi in Maybe(Bool)
        from authMethod in MaybeText(Text)
        from authData in Maybe(Bytes(16))
        from userProperties in UserProperties
        select version == MqttProtocolVersion.V311
            ? new ConnectPacket
            {
                Version = version, ClientId = clientId, CleanStart = clean, KeepAliveSeconds = keepAlive,
                UserName = user, Password = user is null ? null : password, Will = will,
            }
            : new ConnectPacket
            {
                Version = version, ClientId = clientId, CleanStart = clean, KeepAliveSeconds = keepAlive, UserName = user, Password = password,
                Will = will, SessionExpiryInterval = sessionExpiry, ReceiveMaximum = receiveMaximum, MaximumPacketSize = maxPacket,
                TopicAliasMaximum = aliasMax, RequestResponseInformation = rri, RequestProblemInformation = rpi,
                AuthenticationMethod = authMethod, AuthenticationData = authData, UserProperties = userProperties,
            };

    private static readonly MqttReasonCode[] V311ConnAckCodes =
        [MqttReasonCode.Success, MqttReasonCode.UnsupportedProtocolVersion, MqttReasonCode.ClientIdentifierNotValid, MqttReasonCode.ServerUnavailable, MqttReasonCode.BadUserNameOrPassword, MqttReasonCode.NotAuthorized];

    public static Gen<ConnAckPacket> ConnAck(MqttProtocolVersion version) =>
        from code in Gen.Elements(version == MqttProtocolVersion.V311 ? V311ConnAckCodes : [.. V311ConnAckCodes, MqttReasonCode.Banned, MqttReasonCode.QuotaExceeded, MqttReasonCode.UseAnotherServer])
        from present in Bool
        from sessionExpiry in Maybe(UInt)
        from receiveMaximum in Maybe(UShort(1))
        from maxQoS in Maybe(Byte(0, 1))
        from retain in Maybe(Bool)
        from maxPacket in Maybe(UInt.Where(u => u != 0))
        from assigned in MaybeText(Text)
        from aliasMax in Maybe(UShort())
        from reason in MaybeText(Text)
        from wildcard in Maybe(Bool)
        from subIds in Maybe(Bool)
        from shared in Maybe(Bool)
        from keepAlive in Maybe(UShort())
        from responseInfo in MaybeText(Text)
        from serverRef in MaybeText(Text)
        from authMethod in MaybeText(Text)
        from authData in Maybe(Bytes(8))
        from user in UserProperties
        select version == MqttProtocolVersion.V311
            ? new ConnAckPacket { ReasonCode = code, SessionPresent = present && code == MqttReasonCode.Success }
            : new ConnAckPacket
            {
                ReasonCode = code, SessionPresent = present && code == MqttReasonCode.Success, SessionExpiryInterval = sessionExpiry,
                ReceiveMaximum = receiveMaximum, MaximumQoS = maxQoS, RetainAvailable = retain, MaximumPacketSize = maxPacket,
                AssignedClientIdentifier = assigned, TopicAliasMaximum = aliasMax, ReasonString = reason, WildcardSubscriptionAvailable = wildcard,
                SubscriptionIdentifiersAvailable = subIds, SharedSubscriptionAvailable = shared, ServerKeepAlive = keepAlive,
                ResponseInformation = responseInfo, ServerReference = serverRef, AuthenticationMethod = authMethod, AuthenticationData = authData,
                UserProperties = user,
            };

    public static Gen<PublishPacket> Publish(MqttProtocolVersion version) =>
        from topic in TopicName
        from payload in Bytes(200)
        from qos in QoS
        from retain in Bool
        from dup in Bool
        from id in UShort(1)
        from pfi in Maybe(Byte(0, 1))
        from expiry in Maybe(UInt)
        from alias in Gen.Frequency((2, Gen.Constant((ushort)0)), (1, UShort(1)))
        from aliasOnly in Bool
        from responseTopic in MaybeText(TopicName)
        from correlation in Maybe(Bytes(16))
        from contentType in MaybeText(Text)
        from subscriptionIds in Gen.Frequency((1, Gen.Constant<IReadOnlyList<uint>?>(null)), (1, Gen.Choose(1, 268_435_455).Select(i => (uint)i).ArrayOf().Where(a => a.Length > 0).Select(a => (IReadOnlyList<uint>?)a)))
        from user in UserProperties
        let basic = new PublishPacket
        {
            Topic = topic, Payload = payload, QoS = qos, Retain = retain,
            Duplicate = qos != MqttQualityOfService.AtMostOnce && dup,
            PacketId = qos == MqttQualityOfService.AtMostOnce ? (ushort)0 : id,
        }
        select version == MqttProtocolVersion.V311
            ? basic
            : basic with
            {
                Topic = alias != 0 && aliasOnly ? "" : topic, TopicAlias = alias, PayloadFormatIndicator = pfi, MessageExpiryInterval = expiry,
                ResponseTopic = responseTopic, CorrelationData = correlation, ContentType = contentType,
                SubscriptionIdentifiers = subscriptionIds, UserProperties = user,
            };

    public static Gen<PublishResponsePacket> PublishResponse(MqttProtocolVersion version) =>
        from type in Gen.Elements(PacketType.PubAck, PacketType.PubRec, PacketType.PubRel, PacketType.PubComp)
        from id in UShort(1)
        from code in Gen.Elements(AckCodes)
        from reason in MaybeText(Text)
        from user in UserProperties
        select version == MqttProtocolVersion.V311
            ? new PublishResponsePacket { Type = type, PacketId = id, ReasonCode = MqttReasonCode.Success }
            : new PublishResponsePacket { Type = type, PacketId = id, ReasonCode = code, ReasonString = reason, UserProperties = user };

    public static Gen<MqttSubscription> Subscription(MqttProtocolVersion version) =>
        from filter in TopicFilter
        from qos in QoS
        from noLocal in Bool
        from rap in Bool
        from handling in Byte(0, 2)
        select version == MqttProtocolVersion.V311
            ? new MqttSubscription(filter, qos)
            : new MqttSubscription(filter, qos) { NoLocal = noLocal, RetainAsPublished = rap, RetainHandling = handling };

    public static Gen<SubscribePacket> Subscribe(MqttProtocolVersion version) =>
        from id in UShort(1)
        from subscriptions in Subscription(version).NonEmptyListOf()
        from sid in Maybe(Gen.Choose(1, 268_435_455).Select(i => (uint)i))
        from user in UserProperties
        select version == MqttProtocolVersion.V311
            ? new SubscribePacket { PacketId = id, Subscriptions = [.. subscriptions] }
            : new SubscribePacket { PacketId = id, Subscriptions = [.. subscriptions], SubscriptionIdentifier = sid, UserProperties = user };

    public static Gen<SubAckPacket> SubAck(MqttProtocolVersion version) =>
        from id in UShort(1)
        from codes in Gen.Elements<MqttReasonCode>(version == MqttProtocolVersion.V311
            ? [MqttReasonCode.GrantedQoS2, MqttReasonCode.Success, MqttReasonCode.GrantedQoS1, MqttReasonCode.UnspecifiedError]
            : [MqttReasonCode.GrantedQoS2, MqttReasonCode.Success, MqttReasonCode.NotAuthorized, MqttReasonCode.TopicFilterInvalid, MqttReasonCode.QuotaExceeded]).NonEmptyListOf()
        from reason in MaybeText(Text)
        from user in UserProperties
        select version == MqttProtocolVersion.V311
            ? new SubAckPacket { PacketId = id, ReasonCodes = [.. codes] }
            : new SubAckPacket { PacketId = id, ReasonCodes = [.. codes], ReasonString = reason, UserProperties = user };

    public static Gen<UnsubscribePacket> Unsubscribe(MqttProtocolVersion version) =>
        from id in UShort(1)
        from filters in TopicFilter.NonEmptyListOf()
        from user in UserProperties
        select new UnsubscribePacket { PacketId = id, TopicFilters = [.. filters], UserProperties = version == MqttProtocolVersion.V311 ? null : user };

    public static Gen<UnsubAckPacket> UnsubAck(MqttProtocolVersion version) =>
        from id in UShort(1)
        from codes in Gen.Elements(MqttReasonCode.Success, MqttReasonCode.NoSubscriptionExisted, MqttReasonCode.NotAuthorized).NonEmptyListOf()
        from reason in MaybeText(Text)
        from user in UserProperties
        select version == MqttProtocolVersion.V311
            ? new UnsubAckPacket { PacketId = id }
            : new UnsubAckPacket { PacketId = id, ReasonCodes = [.. codes], ReasonString = reason, UserProperties = user };

    public static Gen<DisconnectPacket> Disconnect(MqttProtocolVersion version) =>
        from code in Gen.Elements(MqttReasonCode.Success, MqttReasonCode.DisconnectWithWillMessage, MqttReasonCode.ServerShuttingDown, MqttReasonCode.MalformedPacket, MqttReasonCode.SessionTakenOver)
        from sessionExpiry in Maybe(UInt)
        from reason in MaybeText(Text)
        from serverRef in MaybeText(Text)
        from user in UserProperties
        select version == MqttProtocolVersion.V311
            ? new DisconnectPacket { ReasonCode = MqttReasonCode.Success }
            : new DisconnectPacket { ReasonCode = code, SessionExpiryInterval = sessionExpiry, ReasonString = reason, ServerReference = serverRef, UserProperties = user };

    public static Gen<AuthPacket> Auth =>
        from code in Gen.Elements(MqttReasonCode.Success, MqttReasonCode.ContinueAuthentication, MqttReasonCode.ReAuthenticate)
        from method in MaybeText(Text)
        from data in Maybe(Bytes(16))
        from reason in MaybeText(Text)
        from user in UserProperties
        select new AuthPacket { ReasonCode = code, AuthenticationMethod = method, AuthenticationData = data, ReasonString = reason, UserProperties = user };
}
