using System.Globalization;
using System.Text.Json;
using EdgeTwin.Sync.Scoring;

namespace EdgeTwin.Service.Scoring;

/// <summary>A score's alert was raised or cleared (stored in the event table as type <c>alert</c>).</summary>
public sealed record AlertEvent(string Score, long TimeNs, bool Raised, double Value, AlertPolicy Policy)
{
    public const string EventType = "alert";

    public string Source => ScoringLayout.AlertPath(Score);

    // Utf8JsonWriter, not JsonSerializer: the trimmed self-contained build has reflection-based serialization off.
    public string ToJson() => Json(w =>
    {
        w.WriteString("score", Score);
        w.WriteString("state", Raised ? "raised" : "cleared");
        w.WriteString("severity", Policy.Severity.ToString().ToLowerInvariant());
        w.WriteNumber("value", double.IsFinite(Value) ? Math.Round(Value, 6) : 0);
        w.WriteNumber("raise", Policy.Raise);
        w.WriteNumber("clear", Policy.Clear);
    });

    /// <summary>A JSON object written by <paramref name="body"/>.</summary>
    internal static string Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Policy.Severity} alert '{Score}' {(Raised ? "raised" : "cleared")}: score {Value:G4} (raise ≥ {Policy.Raise:G4}, clear ≤ {Policy.Clear:G4})");
}
