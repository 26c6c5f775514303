using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace EdgeTwin.Service.Tests.OpcUa;

/// <summary>One audit record of the gateway's event log, read directly from events.db (read-only, beside the running gateway).</summary>
internal sealed record AuditRecord(string Type, string Source, string? User, string Node, string Result, JsonElement Payload)
{
    public static List<AuditRecord> ReadAll(string eventsDatabase)
    {
        var records = new List<AuditRecord>();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = eventsDatabase, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, source, payload FROM event WHERE type LIKE 'opcua-%' ORDER BY id";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var payload = JsonDocument.Parse(reader.GetString(2)).RootElement.Clone();
            var user = payload.GetProperty("user");
            records.Add(new AuditRecord(reader.GetString(0), reader.GetString(1), user.ValueKind == JsonValueKind.Null ? null : user.GetString(),
                payload.GetProperty("node").GetString()!, payload.GetProperty("result").GetString()!, payload));
        }

        return records;
    }
}
