using System.Buffers;
using System.Text.Json;
using EdgeTwin.Sync.Store;

namespace EdgeTwin.Sync.Uplink;

/// <summary>
/// Writes one data message (docs/uplink.md): <c>{"gateway","channel","seq_first","seq_last","historical",
/// "samples":[[t_ns,value,quality],…]}</c>. Non-finite values are written as <c>null</c> (JSON has no NaN).
/// One instance is reused for every message, so steady-state writing does not allocate.
/// </summary>
internal sealed class UplinkPayload : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _json;

    public UplinkPayload() => _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });

    /// <summary>Returns the payload in a rented array (return it with <see cref="ArrayPool{T}.Shared"/>) and its length.</summary>
    public (byte[] Buffer, int Length) Write(string gateway, string channel, ReadOnlySpan<StoredSample> samples, bool historical)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteString("gateway"u8, gateway);
        _json.WriteString("channel"u8, channel);
        _json.WriteNumber("seq_first"u8, samples[0].Sequence);
        _json.WriteNumber("seq_last"u8, samples[^1].Sequence);
        _json.WriteBoolean("historical"u8, historical);
        _json.WriteStartArray("samples"u8);
        foreach (ref readonly var s in samples)
        {
            _json.WriteStartArray();
            _json.WriteNumberValue(s.TimestampNs);
            if (double.IsFinite(s.Value))
            {
                _json.WriteNumberValue(s.Value);
            }
            else
            {
                _json.WriteNullValue();
            }

            _json.WriteNumberValue(s.Quality.Code);
            _json.WriteEndArray();
        }

        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.Flush();
        var written = _buffer.WrittenSpan;
        var rented = ArrayPool<byte>.Shared.Rent(written.Length);
        written.CopyTo(rented);
        return (rented, written.Length);
    }

    public void Dispose() => _json.Dispose();
}
