using EdgeTwin.OpcUa.AddressSpace;

namespace EdgeTwin.OpcUa.Tests.Services;

public class SessionServiceTests
{
    [Fact]
    public void Requests_before_activation_close_the_session()
    {
        var h = new ServiceHarness();
        var created = h.Call<CreateSessionResponse>(new CreateSessionRequest { RequestHeader = new(), RequestedSessionTimeout = 1 });
        Assert.Equal(10_000, created.RevisedSessionTimeout); // clamped to the minimum
        h.UseToken(created.AuthenticationToken);
        Assert.Equal(StatusCodes.BadSessionNotActivated, h.Fault(new ReadRequest { RequestHeader = new(), NodesToRead = [new ReadValueId { NodeId = 2259, AttributeId = 13 }] }).Code);
        Assert.Equal(0, h.Core.Sessions.Count);
    }

    [Fact]
    public void User_name_tokens_are_checked_against_the_pbkdf2_hash()
    {
        var good = new ExtensionObject(new UserNameIdentityToken { PolicyId = "username", UserName = "op", Password = "pw"u8.ToArray() });
        var h = new ServiceHarness().Open(good);
        Assert.Equal("op", h.Core.Sessions.Find(h.Token)!.Identity.UserName);

        var wrong = new ExtensionObject(new UserNameIdentityToken { PolicyId = "username", UserName = "op", Password = "nope"u8.ToArray() });
        var h2 = new ServiceHarness();
        var created = h2.Call<CreateSessionResponse>(new CreateSessionRequest { RequestHeader = new(), RequestedSessionTimeout = 60000 });
        h2.UseToken(created.AuthenticationToken);
        Assert.Equal(StatusCodes.BadUserAccessDenied, h2.Fault(new ActivateSessionRequest { RequestHeader = new(), UserIdentityToken = wrong }).Code);
    }

    [Fact]
    public void Stored_hash_strings_round_trip_and_verify()
    {
        var account = Server.UserAccount.Create("a", "secret", 1000);
        var parsed = Server.UserAccount.FromHashString("a", account.ToHashString());
        Assert.True(parsed.Verify("secret"u8));
        Assert.False(parsed.Verify("Secret"u8));
        Assert.Throws<FormatException>(() => Server.UserAccount.FromHashString("a", "md5$1$x$y"));
    }

    [Fact]
    public void Sessions_are_limited_per_channel_and_per_server()
    {
        var h = new ServiceHarness(new Server.OpcUaServerOptions { MaxSessions = 3, MaxSessionsPerChannel = 2 });
        var create = () => new CreateSessionRequest { RequestHeader = new(), RequestedSessionTimeout = 60000 };
        h.Call<CreateSessionResponse>(create());
        h.Call<CreateSessionResponse>(create());
        Assert.Equal(StatusCodes.BadTooManySessions, h.Fault(create()).Code);
        h.Call<CreateSessionResponse>(create(), channelId: 2);
        Assert.Equal(StatusCodes.BadTooManySessions, h.Fault(create(), channelId: 3).Code);
    }

    [Fact]
    public void A_session_is_not_usable_from_another_channel()
    {
        var h = new ServiceHarness().Open();
        Assert.Equal(StatusCodes.BadSecureChannelIdInvalid, h.Fault(new BrowseRequest { RequestHeader = new(), NodesToBrowse = [new BrowseDescription { NodeId = 84 }] }, channelId: 2).Code);
    }

    [Fact]
    public void Get_endpoints_uses_the_host_the_client_asked_for()
    {
        var h = new ServiceHarness();
        h.Core.Port = 4841;
        var r = h.Call<GetEndpointsResponse>(new GetEndpointsRequest { RequestHeader = new(), EndpointUrl = "opc.tcp://plc-gw.local:4841" });
        var e = Assert.Single(r.Endpoints!);
        Assert.Equal("opc.tcp://plc-gw.local:4841", e.EndpointUrl);
        Assert.Equal(["anonymous", "username"], e.UserIdentityTokens!.Select(t => t.PolicyId!).ToArray());
    }
}

public class ViewAndAttributeServiceTests
{
    [Fact]
    public void Browse_pages_with_continuation_points_and_browse_next_returns_the_rest()
    {
        var h = new ServiceHarness().Open();
        var folder = h.Space.AddFolder(ServerAddressSpace.ObjectsFolder, "Many");
        for (var i = 0; i < 25; i++)
        {
            h.Space.AddVariable(folder.NodeId, "V" + i, DataTypeIds.Int32, new Variant(i));
        }

        var first = h.Call<BrowseResponse>(new BrowseRequest
        {
            RequestHeader = new(),
            RequestedMaxReferencesPerNode = 10,
            NodesToBrowse = [new BrowseDescription { NodeId = folder.NodeId, BrowseDirection = BrowseDirection.Forward, ReferenceTypeId = ReferenceTypeIds.HierarchicalReferences, IncludeSubtypes = true, ResultMask = 63 }],
        }).Results![0];
        Assert.Equal(10, first.References!.Length);
        var names = first.References.Select(r => r.BrowseName.Name).ToList();
        var cp = first.ContinuationPoint;
        while (cp is { Length: > 0 })
        {
            var next = h.Call<BrowseNextResponse>(new BrowseNextRequest { RequestHeader = new(), ContinuationPoints = [cp] }).Results![0];
            Assert.Equal(StatusCode.Good, next.StatusCode);
            names.AddRange(next.References!.Select(r => r.BrowseName.Name));
            cp = next.ContinuationPoint;
        }

        Assert.Equal(25, names.Distinct().Count());
        var stale = h.Call<BrowseNextResponse>(new BrowseNextRequest { RequestHeader = new(), ContinuationPoints = [first.ContinuationPoint!] }).Results![0];
        Assert.Equal(StatusCodes.BadContinuationPointInvalid, stale.StatusCode.Code);
    }

    [Fact]
    public void Browse_filters_by_reference_subtypes_and_node_class()
    {
        var h = new ServiceHarness().Open();
        BrowseResult Browse(NodeId refType, bool subtypes, uint mask) => h.Call<BrowseResponse>(new BrowseRequest
        {
            RequestHeader = new(),
            NodesToBrowse = [new BrowseDescription { NodeId = ObjectIds.Server, BrowseDirection = BrowseDirection.Forward, ReferenceTypeId = refType, IncludeSubtypes = subtypes, NodeClassMask = mask, ResultMask = 63 }],
        }).Results![0];

        var hierarchical = Browse(ReferenceTypeIds.HierarchicalReferences, true, 0);
        Assert.Contains(hierarchical.References!, r => r.NodeId.NodeId == new NodeId(VariableIds.Server_ServerStatus));
        Assert.Empty(Browse(ReferenceTypeIds.HierarchicalReferences, false, 0).References!); // abstract: nothing uses it directly
        var properties = Browse(ReferenceTypeIds.HasProperty, false, 0).References!;
        Assert.All(properties, r => Assert.Equal(new NodeId(ReferenceTypeIds.HasProperty), r.ReferenceTypeId));
        var objectsOnly = Browse(ReferenceTypeIds.HierarchicalReferences, true, (uint)NodeClass.Object).References!;
        Assert.All(objectsOnly, r => Assert.Equal(NodeClass.Object, r.NodeClass));
        Assert.Equal(StatusCodes.BadReferenceTypeIdInvalid, Browse(new NodeId(84), true, 0).StatusCode.Code);
    }

    [Fact]
    public void Translate_follows_a_browse_path_to_the_server_state()
    {
        var h = new ServiceHarness().Open();
        var r = h.Call<TranslateBrowsePathsToNodeIdsResponse>(new TranslateBrowsePathsToNodeIdsRequest
        {
            RequestHeader = new(),
            BrowsePaths =
            [
                new BrowsePath
                {
                    StartingNode = ObjectIds.ObjectsFolder,
                    RelativePath = new RelativePath
                    {
                        Elements =
                        [
                            new RelativePathElement { ReferenceTypeId = ReferenceTypeIds.HierarchicalReferences, IncludeSubtypes = true, TargetName = new QualifiedName("Server") },
                            new RelativePathElement { ReferenceTypeId = ReferenceTypeIds.HierarchicalReferences, IncludeSubtypes = true, TargetName = new QualifiedName("ServerStatus") },
                            new RelativePathElement { ReferenceTypeId = ReferenceTypeIds.HierarchicalReferences, IncludeSubtypes = true, TargetName = new QualifiedName("State") },
                        ],
                    },
                },
                new BrowsePath { StartingNode = ObjectIds.ObjectsFolder, RelativePath = new RelativePath { Elements = [new RelativePathElement { TargetName = new QualifiedName("Nope") }] } },
            ],
        });
        Assert.Equal(new NodeId(VariableIds.Server_ServerStatus_State), r.Results![0].Targets![0].TargetId.NodeId);
        Assert.Equal(StatusCodes.BadNoMatch, r.Results[1].StatusCode.Code);
    }

    [Fact]
    public void Read_applies_index_ranges_and_timestamps_and_reports_attribute_errors()
    {
        var h = new ServiceHarness().Open();
        var v = h.Space.AddVariable(ServerAddressSpace.ObjectsFolder, "Arr", DataTypeIds.Int32, new Variant(new[] { 10, 11, 12, 13 }, BuiltInType.Int32), new VariableOptions { ValueRank = 1 });
        var r = h.Call<ReadResponse>(new ReadRequest
        {
            RequestHeader = new(),
            TimestampsToReturn = TimestampsToReturn.Server,
            NodesToRead =
            [
                new ReadValueId { NodeId = v.NodeId, AttributeId = AttributeIds.Value, IndexRange = "1:2" },
                new ReadValueId { NodeId = v.NodeId, AttributeId = AttributeIds.Value, IndexRange = "7" },
                new ReadValueId { NodeId = v.NodeId, AttributeId = AttributeIds.Value, IndexRange = "2:1" },
                new ReadValueId { NodeId = v.NodeId, AttributeId = AttributeIds.IsAbstract },
                new ReadValueId { NodeId = new NodeId("missing", 1), AttributeId = AttributeIds.Value },
                new ReadValueId { NodeId = VariableIds.Server_ServerStatus_State, AttributeId = AttributeIds.Value },
            ],
        }).Results!;
        Assert.Equal(new[] { 11, 12 }, (int[])r[0].Value.ArrayValue!);
        Assert.Equal(DateTime.MinValue, r[0].SourceTimestamp);
        Assert.NotEqual(default, r[0].ServerTimestamp);
        Assert.Equal(StatusCodes.BadIndexRangeNoData, r[1].Status.Code);
        Assert.Equal(StatusCodes.BadIndexRangeInvalid, r[2].Status.Code);
        Assert.Equal(StatusCodes.BadAttributeIdInvalid, r[3].Status.Code);
        Assert.Equal(StatusCodes.BadNodeIdUnknown, r[4].Status.Code);
        Assert.Equal((int)ServerState.Running, r[5].Value.AsInt32);
    }

    [Fact]
    public void Operation_limits_are_enforced_and_published()
    {
        var h = new ServiceHarness(new Server.OpcUaServerOptions { Operations = new Server.OperationLimits { MaxNodesPerRead = 2 } }).Open();
        var item = new ReadValueId { NodeId = VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerRead, AttributeId = AttributeIds.Value };
        Assert.Equal(StatusCodes.BadTooManyOperations, h.Fault(new ReadRequest { RequestHeader = new(), NodesToRead = [item, item, item] }).Code);
        Assert.Equal(StatusCodes.BadNothingToDo, h.Fault(new ReadRequest { RequestHeader = new(), NodesToRead = [] }).Code);
        Assert.Equal(2u, h.Call<ReadResponse>(new ReadRequest { RequestHeader = new(), NodesToRead = [item] }).Results![0].Value.AsUInt32);
    }

    [Fact]
    public void Write_checks_type_access_level_and_role()
    {
        var h = new ServiceHarness().Open();
        var seen = new List<string?>();
        var v = h.Space.AddVariable(ServerAddressSpace.ObjectsFolder, "Sp", DataTypeIds.Double, new Variant(1.0), new VariableOptions
        {
            Writable = true,
            OnWrite = (user, node, value) =>
            {
                seen.Add(user.UserName);
                return value.Value.AsDouble > 100 ? StatusCodes.BadOutOfRange : StatusCode.Good;
            },
        });
        var ro = h.Space.AddVariable(ServerAddressSpace.ObjectsFolder, "Ro", DataTypeIds.Double, new Variant(1.0));
        var guarded = h.Space.AddVariable(ServerAddressSpace.ObjectsFolder, "G", DataTypeIds.Double, new Variant(1.0), new VariableOptions { Writable = true, WriteRole = "operator" });
        WriteValue W(NodeId id, Variant value) => new() { NodeId = id, AttributeId = AttributeIds.Value, Value = new DataValue(value) };
        var results = h.Call<WriteResponse>(new WriteRequest
        {
            RequestHeader = new(),
            NodesToWrite = [W(v.NodeId, new Variant(5.0)), W(v.NodeId, new Variant("x")), W(v.NodeId, new Variant(500.0)), W(ro.NodeId, new Variant(2.0)), W(guarded.NodeId, new Variant(2.0))],
        }).Results!;
        Assert.Equal(new uint[] { 0, StatusCodes.BadTypeMismatch, StatusCodes.BadOutOfRange, StatusCodes.BadNotWritable, StatusCodes.BadUserAccessDenied }, results.Select(s => s.Code).ToArray());
        Assert.Equal(5.0, v.GetValue().Value.AsDouble);
        Assert.Equal([null, null], seen);
    }
}

public class SessionTimeoutTests
{
    [Fact]
    public void An_idle_session_expires_after_its_timeout_and_takes_its_subscriptions_along()
    {
        var h = new ServiceHarness(new Server.OpcUaServerOptions { MinSessionTimeoutMs = 1000 });
        var created = h.Call<CreateSessionResponse>(new CreateSessionRequest { RequestHeader = new(), RequestedSessionTimeout = 1000 });
        h.UseToken(created.AuthenticationToken);
        h.Call<ActivateSessionResponse>(new ActivateSessionRequest { RequestHeader = new() });
        var sub = h.Call<CreateSubscriptionResponse>(new CreateSubscriptionRequest { RequestHeader = new(), RequestedPublishingInterval = 100000, RequestedMaxKeepAliveCount = 10, RequestedLifetimeCount = 100 });
        var session = h.Core.Sessions.Find(h.Token)!;
        var engine = (OpcUa.Subscriptions.SubscriptionEngine)h.Core.Subscriptions!;
        Assert.Equal(1, engine.SubscriptionCount);

        Assert.Equal(0, h.Core.Sessions.RemoveExpired(session.LastActivityTicks + TimeSpan.TicksPerMillisecond * 900));
        Assert.Equal(1, h.Core.Sessions.RemoveExpired(session.LastActivityTicks + TimeSpan.TicksPerMillisecond * 1100));
        Assert.Equal(0, engine.SubscriptionCount);
        Assert.Equal(StatusCodes.BadSessionIdInvalid, h.Fault(new DeleteSubscriptionsRequest { RequestHeader = new(), SubscriptionIds = [sub.SubscriptionId] }).Code);
    }

    [Fact]
    public void Transfer_subscriptions_is_not_supported()
    {
        var h = new ServiceHarness().Open();
        Assert.Equal(StatusCodes.BadServiceUnsupported, h.Fault(new TransferSubscriptionsRequest { RequestHeader = new(), SubscriptionIds = [1] }).Code);
    }
}
