using EdgeTwin.OpcUa.AddressSpace;
using EdgeTwin.OpcUa.Encoding;

namespace EdgeTwin.OpcUa.Server;

/// <summary>
/// Gives the namespace-0 Server object its live values (OPC 10000-5 §6.3.1 ServerType): status computed on
/// every read, capabilities and operation limits from the options the services enforce.
/// </summary>
internal static class ServerNodes
{
    public const string EmbeddedProfile = "http://opcfoundation.org/UA-Profile/Server/EmbeddedUA2017";

    private static readonly string[] Locales = ["en"];

    private static readonly uint[] Unsupported =
    [
        VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerNodeManagement,
        VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerHistoryReadData,
        VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerHistoryReadEvents,
        VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerHistoryUpdateData,
        VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerHistoryUpdateEvents,
    ];

    public static void Bind(ServerCore server)
    {
        var o = server.Options;
        Set(server, VariableIds.Server_ServerArray, new Variant(new string[] { o.ApplicationUri }, BuiltInType.String));
        Set(server, VariableIds.Server_NamespaceArray, new Variant(new string[] { "http://opcfoundation.org/UA/", o.ApplicationNamespaceUri }, BuiltInType.String));
        Set(server, VariableIds.Server_ServiceLevel, new Variant((byte)255));
        Set(server, VariableIds.Server_Auditing, new Variant(false));
        Set(server, VariableIds.Server_ServerDiagnostics_EnabledFlag, new Variant(false));
        Set(server, VariableIds.Server_ServerRedundancy_RedundancySupport, new Variant((int)RedundancySupport.None));

        var build = new BuildInfo
        {
            ProductUri = o.ProductUri,
            ManufacturerName = o.ManufacturerName,
            ProductName = o.ProductName,
            SoftwareVersion = o.SoftwareVersion,
            BuildNumber = o.BuildNumber,
            BuildDate = o.BuildDate,
        };
        Source(server, VariableIds.Server_ServerStatus, () => new Variant(new ExtensionObject(new ServerStatusDataType
        {
            StartTime = server.StartTime,
            CurrentTime = server.Time.GetUtcNow().UtcDateTime,
            State = server.State,
            BuildInfo = build,
            SecondsTillShutdown = server.SecondsTillShutdown,
            ShutdownReason = new LocalizedText(server.ShutdownReason ?? string.Empty),
        })));
        Set(server, VariableIds.Server_ServerStatus_StartTime, new Variant(server.StartTime));
        Source(server, VariableIds.Server_ServerStatus_CurrentTime, () => new Variant(server.Time.GetUtcNow().UtcDateTime));
        Source(server, VariableIds.Server_ServerStatus_State, () => new Variant((int)server.State));
        Source(server, VariableIds.Server_ServerStatus_SecondsTillShutdown, () => new Variant(server.SecondsTillShutdown));
        Source(server, VariableIds.Server_ServerStatus_ShutdownReason, () => new Variant(new LocalizedText(server.ShutdownReason ?? string.Empty)));
        Set(server, VariableIds.Server_ServerStatus_BuildInfo, new Variant(new ExtensionObject(build)));
        Set(server, VariableIds.Server_ServerStatus_BuildInfo_ProductUri, new Variant(o.ProductUri));
        Set(server, VariableIds.Server_ServerStatus_BuildInfo_ManufacturerName, new Variant(o.ManufacturerName));
        Set(server, VariableIds.Server_ServerStatus_BuildInfo_ProductName, new Variant(o.ProductName));
        Set(server, VariableIds.Server_ServerStatus_BuildInfo_SoftwareVersion, new Variant(o.SoftwareVersion));
        Set(server, VariableIds.Server_ServerStatus_BuildInfo_BuildNumber, new Variant(o.BuildNumber));
        Set(server, VariableIds.Server_ServerStatus_BuildInfo_BuildDate, new Variant(o.BuildDate));

        Set(server, VariableIds.Server_ServerCapabilities_ServerProfileArray, new Variant(new string[] { EmbeddedProfile }, BuiltInType.String));
        Set(server, VariableIds.Server_ServerCapabilities_LocaleIdArray, new Variant(Locales, BuiltInType.String));
        Set(server, VariableIds.Server_ServerCapabilities_MinSupportedSampleRate, new Variant(o.MinSamplingIntervalMs));
        Set(server, VariableIds.Server_ServerCapabilities_MaxBrowseContinuationPoints, new Variant((ushort)o.MaxBrowseContinuationPoints));
        Set(server, VariableIds.Server_ServerCapabilities_MaxQueryContinuationPoints, new Variant((ushort)0));
        Set(server, VariableIds.Server_ServerCapabilities_MaxHistoryContinuationPoints, new Variant((ushort)0));
        Set(server, VariableIds.Server_ServerCapabilities_SoftwareCertificates, new Variant(Array.Empty<ExtensionObject>(), BuiltInType.ExtensionObject));
        Set(server, VariableIds.Server_ServerCapabilities_MaxArrayLength, new Variant((uint)EncodingLimits.Default.MaxArrayLength));
        Set(server, VariableIds.Server_ServerCapabilities_MaxStringLength, new Variant((uint)EncodingLimits.Default.MaxStringLength));
        Set(server, VariableIds.Server_ServerCapabilities_MaxByteStringLength, new Variant((uint)EncodingLimits.Default.MaxByteStringLength));

        var l = o.Operations;
        Set(server, VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerRead, new Variant(l.MaxNodesPerRead));
        Set(server, VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerWrite, new Variant(l.MaxNodesPerWrite));
        Set(server, VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerMethodCall, new Variant(l.MaxNodesPerMethodCall));
        Set(server, VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerBrowse, new Variant(l.MaxNodesPerBrowse));
        Set(server, VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerRegisterNodes, new Variant(l.MaxNodesPerRegisterNodes));
        Set(server, VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerTranslateBrowsePathsToNodeIds, new Variant(l.MaxNodesPerTranslateBrowsePathsToNodeIds));
        Set(server, VariableIds.Server_ServerCapabilities_OperationLimits_MaxMonitoredItemsPerCall, new Variant(l.MaxMonitoredItemsPerCall));

        // Services this server does not offer have a limit of 0 (§6.3.11: 0 means not supported here).
        foreach (var unsupported in Unsupported)
        {
            Set(server, unsupported, new Variant(0u));
        }
    }

    private static void Set(ServerCore server, uint id, Variant value)
    {
        if (server.Nodes.Find(id) is VariableNode v)
        {
            v.SetValue(new DataValue(value, StatusCode.Good, server.StartTime, server.StartTime));
        }
    }

    private static void Source(ServerCore server, uint id, Func<Variant> value)
    {
        if (server.Nodes.Find(id) is VariableNode v)
        {
            v.Source = () =>
            {
                var now = server.Time.GetUtcNow().UtcDateTime;
                return new DataValue(value(), StatusCode.Good, now, now);
            };
        }
    }
}
