using EdgeTwin.Sync.Compression;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Sync.Store;

/// <summary>
/// At open, turns the fragments left in the tail log by a crash into sealed blocks, so the writer always starts
/// with empty open blocks and a channel that left the configuration keeps its data. Fragments that duplicate sealed samples (the log
/// is replaced only after the blocks replacing it are committed) are skipped by sequence number.
/// </summary>
internal static class TailRecovery
{
    public static (long Recovered, long Unreadable) Run(SqliteConnection connection, int blockSamples, IReadOnlyList<TailRecord> logRecords, ILogger logger)
    {
        using var transaction = connection.BeginTransaction();
        var sealedTop = LoadSealedTops(connection, transaction);
        var pending = new Dictionary<long, ChannelRun>();
        long unreadable = 0;
        long recovered = 0;
        var times = new long[BlockCodec.MaxSamples];
        var values = new double[BlockCodec.MaxSamples];
        var qualities = new uint[BlockCodec.MaxSamples];

        void Add(long channel, long firstSeq, ReadOnlySpan<byte> payload, long declared)
        {
            var status = BlockCodec.TryDecode(payload, times, values, qualities, out var count);
            if (status != BlockDecodeStatus.Ok)
            {
                unreadable += declared;
                logger.LogWarning("Tail fragment of store channel {Channel} at sequence {Seq} is unreadable ({Status})", channel, firstSeq, status);
                return;
            }

            if (!pending.TryGetValue(channel, out var run))
            {
                run = new ChannelRun(sealedTop.GetValueOrDefault(channel));
                pending.Add(channel, run);
            }

            for (var i = 0; i < count; i++)
            {
                run.Add(firstSeq + i, times[i], values[i], qualities[i]);
            }
        }

        foreach (var record in logRecords)
        {
            // A record whose channel is not in the table is foreign to this database: nothing to attach it to.
            if (sealedTop.ContainsKey(record.StoreId))
            {
                Add(record.StoreId, record.FirstSequence, record.Block.Span, 0);
            }
        }

        var buffer = new byte[BlockCodec.MaxEncodedSize(blockSamples)];
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO block(channel, first_seq, count, t_first, t_last, payload) VALUES ($c, $s, $n, $t0, $t1, $p)";
        foreach (var (channel, run) in pending)
        {
            recovered += run.Samples.Count;
            var start = 0;
            while (start < run.Samples.Count)
            {
                // A block holds consecutive sequence numbers only.
                var end = start + 1;
                while (end < run.Samples.Count && end - start < blockSamples && run.Samples[end].Sequence == run.Samples[end - 1].Sequence + 1)
                {
                    end++;
                }

                var n = end - start;
                long min = long.MaxValue, max = long.MinValue;
                for (var i = 0; i < n; i++)
                {
                    var s = run.Samples[start + i];
                    times[i] = s.TimestampNs;
                    values[i] = s.Value;
                    qualities[i] = s.Quality.Code;
                    min = Math.Min(min, s.TimestampNs);
                    max = Math.Max(max, s.TimestampNs);
                }

                var length = BlockCodec.Encode(times.AsSpan(0, n), values.AsSpan(0, n), qualities.AsSpan(0, n), buffer);
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$c", channel);
                insert.Parameters.AddWithValue("$s", run.Samples[start].Sequence);
                insert.Parameters.AddWithValue("$n", n);
                insert.Parameters.AddWithValue("$t0", min);
                insert.Parameters.AddWithValue("$t1", max);
                insert.Parameters.AddWithValue("$p", buffer.AsSpan(0, length).ToArray());
                insert.ExecuteNonQuery();
                start = end;
            }
        }

        transaction.Commit();
        return (recovered, unreadable);
    }

    public static Dictionary<long, long> LoadSealedTops(SqliteConnection connection, SqliteTransaction? transaction)
    {
        var tops = new Dictionary<long, long>();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT c.id, max(c.seq_floor, coalesce((SELECT first_seq + count - 1 FROM block b
                WHERE b.channel = c.id ORDER BY first_seq DESC LIMIT 1), 0)) FROM channel c
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            tops[reader.GetInt64(0)] = reader.GetInt64(1);
        }

        return tops;
    }

    private sealed class ChannelRun(long sealedTop)
    {
        private long _top = sealedTop;

        public List<StoredSample> Samples { get; } = [];

        public void Add(long sequence, long time, double value, uint quality)
        {
            if (sequence <= _top)
            {
                return;
            }

            _top = sequence;
            Samples.Add(new StoredSample(sequence, time, value, new Drivers.Samples.Quality(quality)));
        }
    }
}
