using System.Buffers;
using System.Text;
using System.Text.Json;
using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Server;
using EdgeTwin.OpcUa.Types;
using EdgeTwin.Sync.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Service.OpcUa;

/// <summary>
/// Records every OPC UA Write and Call, allowed or refused, with who, what, the value and the result: in the
/// store's event log (one <c>synchronous=FULL</c> transaction each, durable when the response is sent) and in
/// the service log. Event types are <see cref="WriteEvent"/> and <see cref="CallEvent"/>.
/// </summary>
internal sealed class CommandAudit(Func<EventLog?> events, TimeProvider time, ILogger logger)
{
    public const string WriteEvent = "opcua-write";
    public const string CallEvent = "opcua-call";

    /// <summary>Arguments beyond this many are counted, not recorded, to bound the record.</summary>
    private const int MaxRecordedArguments = 16;
    private const int MaxRecordedStringLength = 256;

    public void OnWrite(UserIdentity user, WriteValue write, StatusCode result)
    {
        var node = write.NodeId.ToString();
        var value = write.Value.Value;
        logger.LogInformation("OPC UA write {Node} = {Value} by {User}: {Result}", node, Describe(value), UserName(user), result);
        Record(WriteEvent, node, user, result, w =>
        {
            w.WritePropertyName("value");
            WriteValue(w, value);
        });
    }

    public void OnCall(UserIdentity user, CallMethodRequest call, StatusCode result)
    {
        var method = call.MethodId.ToString();
        var inputs = call.InputArguments ?? [];
        logger.LogInformation("OPC UA call {Method} on {Object} with {Count} argument(s) by {User}: {Result}", method, call.ObjectId, inputs.Length, UserName(user), result);
        Record(CallEvent, method, user, result, w =>
        {
            w.WriteString("object", call.ObjectId.ToString());
            w.WriteStartArray("inputs");
            foreach (var input in inputs.AsSpan(0, Math.Min(inputs.Length, MaxRecordedArguments)))
            {
                WriteValue(w, input);
            }

            w.WriteEndArray();
            w.WriteNumber("inputCount", inputs.Length);
        });
    }

    private void Record(string type, string node, UserIdentity user, StatusCode result, Action<Utf8JsonWriter> body)
    {
        var log = events();
        if (log is null)
        {
            logger.LogWarning("OPC UA {Type} on {Node} is not in the event log: the store is not open", type, node);
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (user.IsAnonymous)
            {
                w.WriteNull("user");
            }
            else
            {
                w.WriteString("user", user.UserName);
            }

            w.WriteString("node", node);
            body(w);
            w.WriteString("result", result.ToString());
            w.WriteNumber("status", result.Code);
            w.WriteEndObject();
        }

        try
        {
            var source = node.Length <= EventLog.MaxNameLength ? node : node[..EventLog.MaxNameLength];
            log.Append(type, (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100, source, Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
        catch (Exception ex) when (ex is SqliteException or ObjectDisposedException or ArgumentException or IOException)
        {
            logger.LogError("OPC UA {Type} on {Node} could not be written to the event log: {Error}", type, node, ex.Message);
        }
    }

    private static string UserName(UserIdentity user) => user.UserName ?? "anonymous";

    private static string Describe(Variant value) => value.IsArray ? value.ToString() : value.Value switch
    {
        null => "null",
        string s => s.Length <= MaxRecordedStringLength ? s : s[..MaxRecordedStringLength] + "…",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        var o => o.ToString() ?? "",
    };

    private static void WriteValue(Utf8JsonWriter w, Variant value)
    {
        if (value.IsNull)
        {
            w.WriteNullValue();
        }
        else if (value.Type == BuiltInType.Boolean && !value.IsArray)
        {
            w.WriteBooleanValue(value.AsBoolean);
        }
        else if (value.IsNumeric && !value.IsArray && double.IsFinite(value.ToDouble()))
        {
            w.WriteNumberValue(value.ToDouble());
        }
        else
        {
            w.WriteStringValue(Describe(value));
        }
    }
}
